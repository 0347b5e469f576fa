using System.Threading;

namespace ThreadSafetyAnalyzers.Samples.TSA1003;

internal sealed class Flagged
{
    private readonly Thread _worker = new(() => { });

    public void Pause() => _worker.Suspend(); // TSA1003

    public void Continue() => _worker.Resume(); // TSA1003
}

internal sealed class Fixed
{
    private readonly ManualResetEventSlim _running = new(initialState: true);

    public void Pause() => _running.Reset();

    public void Continue() => _running.Set();

    public void Run(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // The worker pauses here, between two units of work, never in the middle of one.
            _running.Wait(cancellationToken);
        }
    }
}
