using System.Threading;

namespace ThreadSafetyAnalyzers.Samples.TSA2002;

internal sealed class Flagged
{
    public void Start() => new Thread(Run).Start();

    private static void Run()
    {
        while (true) // TSA2002: no exit, no token: only killing the thread stops it
        {
            System.Console.WriteLine("tick");
        }
    }
}

internal sealed class Fixed
{
    private readonly CancellationTokenSource _cts = new();

    public void Start() => new Thread(() => Run(_cts.Token)).Start();

    public void Stop() => _cts.Cancel();

    private static void Run(CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            System.Console.WriteLine("tick");
        }
    }
}
