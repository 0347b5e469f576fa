using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2001;

internal sealed class Flagged
{
    private readonly BlockingCollection<string> _queue = new();

    public void Pump(CancellationToken cancellationToken)
    {
        while (true) // TSA2001: the token is at hand, but the loop never looks at it
        {
            var message = _queue.Take();
            System.Console.WriteLine(message);
        }
    }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        while (_queue.Count == 0) // TSA2001: waits on every iteration without the token
        {
            await Task.Delay(100);
        }
    }
}

internal sealed class Fixed
{
    private readonly BlockingCollection<string> _queue = new();

    public void Pump(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var message = _queue.Take(cancellationToken);
            System.Console.WriteLine(message);
        }
    }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        while (_queue.Count == 0)
        {
            await Task.Delay(100, cancellationToken);
        }
    }
}
