using System;
using System.Collections.Concurrent;
using System.Threading;

namespace ThreadSafetyAnalyzers.Samples.TSA1002;

internal sealed class Flagged
{
    private readonly BlockingCollection<string> _queue = new();
    private readonly Thread _worker;

    public Flagged() => _worker = new Thread(Run);

    public void Stop()
    {
        _worker.Interrupt(); // TSA1002
        _worker.Join();
    }

    private void Run()
    {
        try
        {
            foreach (var item in _queue.GetConsumingEnumerable())
            {
                Console.WriteLine(item);
            }
        }
        catch (ThreadInterruptedException)
        {
        }
    }
}

internal sealed class Fixed
{
    private readonly BlockingCollection<string> _queue = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Thread _worker;

    public Fixed() => _worker = new Thread(Run);

    public void Stop()
    {
        _cts.Cancel();
        _worker.Join();
    }

    private void Run()
    {
        try
        {
            foreach (var item in _queue.GetConsumingEnumerable(_cts.Token))
            {
                Console.WriteLine(item);
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
    }
}
