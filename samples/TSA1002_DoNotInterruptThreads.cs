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

/// <summary>What the code fix "Use cooperative cancellation" makes of <see cref="Flagged"/>.</summary>
internal sealed class AfterCodeFix
{
    private readonly BlockingCollection<string> _queue = new();
    private readonly Thread _worker;
    private readonly CancellationTokenSource _workerCts;

    public AfterCodeFix()
    {
        _workerCts = new CancellationTokenSource();
        var workerToken = _workerCts.Token;
        _worker = new Thread(() => Run(workerToken));
    }

    public void Stop()
    {
        _workerCts.Cancel();
        _worker.Join();
    }

    private void Run(CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var item in _queue.GetConsumingEnumerable())
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                Console.WriteLine(item);
            }
        }
        catch (ThreadInterruptedException)
        {
        }
    }
}

/// <summary>
/// <see cref="AfterCodeFix"/> finished by hand. Interrupt woke the worker from its wait; Cancel does not, so the wait
/// takes the token, and the catch block that handled the interrupt now ends the worker quietly on cancellation.
/// </summary>
internal sealed class Fixed
{
    private readonly BlockingCollection<string> _queue = new();
    private readonly Thread _worker;
    private readonly CancellationTokenSource _workerCts;

    public Fixed()
    {
        _workerCts = new CancellationTokenSource();
        var workerToken = _workerCts.Token;
        _worker = new Thread(() => Run(workerToken));
    }

    public void Stop()
    {
        _workerCts.Cancel();
        _worker.Join();
    }

    private void Run(CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var item in _queue.GetConsumingEnumerable(cancellationToken))
            {
                Console.WriteLine(item);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
