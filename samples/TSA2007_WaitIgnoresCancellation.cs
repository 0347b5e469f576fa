using System.Threading;

namespace ThreadSafetyAnalyzers.Samples.TSA2007;

internal sealed class Flagged
{
    private readonly AutoResetEvent _workArrived = new(false);
    private readonly ManualResetEvent _ready = new(false);

    public void Run(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            _workArrived.WaitOne(); // TSA2007
            if (_ready.WaitOne(1000)) // TSA2007
            {
                Process();
            }
        }
    }

    private static void Process()
    {
    }
}

internal sealed class Fixed
{
    private readonly AutoResetEvent _workArrived = new(false);
    private readonly ManualResetEvent _ready = new(false);

    public void Run(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (WaitHandle.WaitAny(new[] { _workArrived, cancellationToken.WaitHandle }) == 1)
            {
                break;
            }

            if (WaitHandle.WaitAny(new[] { _ready, cancellationToken.WaitHandle }, 1000) == 0)
            {
                Process();
            }
        }
    }

    private static void Process()
    {
    }
}
