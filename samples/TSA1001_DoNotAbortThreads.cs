using System.Threading;

namespace ThreadSafetyAnalyzers.Samples.TSA1001;

internal sealed class Flagged
{
    private Thread? _worker;

    public void Start()
    {
        _worker = new Thread(Run);
        _worker.Start();
    }

    public void Stop() => _worker?.Abort(); // TSA1001

    private static void Run()
    {
        while (true)
        {
            Thread.Sleep(100);
        }
    }
}

/// <summary>
/// What the code fix "Use cooperative cancellation: cancel and wait up to 1 s" makes of <see cref="Flagged"/>: the
/// worker's sleep waits on the token too, so the stop ends it at once, and the stop waits a bounded time, as Abort()
/// did not wait at all.
/// </summary>
internal sealed class Fixed
{
    private Thread? _worker;
    private CancellationTokenSource? _workerCts;

    public void Start()
    {
        _workerCts = new CancellationTokenSource();
        var workerToken = _workerCts.Token;
        _worker = new Thread(() => Run(workerToken));
        _worker.Start();
    }

    public void Stop()
    {
        _workerCts?.Cancel();
        _worker?.Join(1000);
    }

    private static void Run(CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            cancellationToken.WaitHandle.WaitOne(100);
        }
    }
}
