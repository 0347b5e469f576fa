using System;
using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2010;

internal sealed class Flagged : IDisposable
{
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource(); // TSA2010
    private readonly Task _loop;

    public Flagged() => _loop = Task.Run(() => PollAsync(_stopping.Token));

    public void Dispose()
    {
        // Disposing the source does not cancel its token: PollAsync never ends.
        _stopping.Dispose();
    }

    public Task Loop => _loop;

    private static async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(1000, cancellationToken);
        }
    }
}

internal sealed class Fixed : IDisposable
{
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private readonly Task _loop;

    public Fixed() => _loop = Task.Run(() => PollAsync(_stopping.Token));

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    public Task Loop => _loop;

    private static async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(1000, cancellationToken);
        }
    }
}
