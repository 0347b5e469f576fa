using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2006;

internal sealed class Flagged
{
    public static void Poll(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Check();
            Thread.Sleep(1000); // TSA2006
        }
    }

    public static async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Yield();
            Thread.Sleep(1000); // TSA2006
        }
    }

    private static void Check()
    {
    }
}

internal sealed class Fixed
{
    public static void Poll(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Check();
            cancellationToken.WaitHandle.WaitOne(1000);
        }
    }

    public static async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Yield();
            await Task.Delay(1000, cancellationToken);
        }
    }

    private static void Check()
    {
    }
}
