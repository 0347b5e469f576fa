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

/// <summary>What the code fix "Use cooperative cancellation" makes of <see cref="Flagged"/>.</summary>
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
        _worker?.Join();
    }

    private static void Run(CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Thread.Sleep(100);
        }
    }
}
