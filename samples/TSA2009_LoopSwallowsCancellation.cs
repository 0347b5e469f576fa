using System;
using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2009;

internal sealed class Flagged
{
    public static async Task PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(1000, cancellationToken);
                Check();
            }
            catch (OperationCanceledException) // TSA2009
            {
            }
        }
    }

    public static void Consume(SemaphoreSlim signal, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                signal.Wait(cancellationToken);
                Check();
            }
            catch (Exception ex) // TSA2009
            {
                Console.WriteLine(ex.Message);
            }
        }
    }

    private static void Check()
    {
    }
}

internal sealed class Fixed
{
    public static async Task PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(1000, cancellationToken);
                Check();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
        }
    }

    public static void Consume(SemaphoreSlim signal, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                signal.Wait(cancellationToken);
                Check();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Console.WriteLine(ex.Message);
            }
        }
    }

    private static void Check()
    {
    }
}
