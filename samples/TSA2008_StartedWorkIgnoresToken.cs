using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2008;

internal sealed class Flagged
{
    private Task? _loop;

    public void Start(CancellationToken cancellationToken)
    {
        // The token only keeps Poll from starting; once it runs, nothing stops it.
        _loop = Task.Run(Poll, cancellationToken); // TSA2008
    }

    public Task? Loop => _loop;

    private static void Poll()
    {
        while (true)
        {
            if (!Check())
            {
                return;
            }

            Thread.Sleep(1000);
        }
    }

    private static bool Check() => true;
}

internal sealed class Fixed
{
    private Task? _loop;

    public void Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => Poll(cancellationToken), cancellationToken);
    }

    public Task? Loop => _loop;

    private static void Poll(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!Check())
            {
                return;
            }

            cancellationToken.WaitHandle.WaitOne(1000);
        }
    }

    private static bool Check() => true;
}
