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

/// <summary>
/// <see cref="Flagged"/> fixed by hand. The code fix is not offered there: Interrupt woke the worker from its wait on the
/// queue, a cancelled token would not, and the Join would wait for ever. Here the wait takes the token, and the catch
/// block that handled the interrupt now ends the worker quietly on cancellation.
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

/// <summary>A worker that waits on an event between rounds, woken for good by Interrupt.</summary>
internal sealed class FlaggedWaiter
{
    private readonly AutoResetEvent _ready = new(false);
    private readonly Thread _worker;

    public FlaggedWaiter() => _worker = new Thread(Run);

    public void Signal() => _ready.Set();

    public void Stop() => _worker.Interrupt(); // TSA1002

    private void Run()
    {
        try
        {
            while (true)
            {
                _ready.WaitOne();
                Console.WriteLine("ready");
            }
        }
        catch (ThreadInterruptedException)
        {
        }
    }
}

/// <summary>
/// What the code fix "Use cooperative cancellation: cancel and wait up to 1 s" makes of <see cref="FlaggedWaiter"/>:
/// the wait on the event waits on the token too and leaves the loop when it is cancelled, and the stop waits a bounded
/// time. The catch of the interrupt is left for review (the title names it).
/// </summary>
internal sealed class FixedWaiter
{
    private readonly AutoResetEvent _ready = new(false);
    private readonly Thread _worker;
    private readonly CancellationTokenSource _workerCts;

    public FixedWaiter()
    {
        _workerCts = new CancellationTokenSource();
        var workerToken = _workerCts.Token;
        _worker = new Thread(() => Run(workerToken));
    }

    public void Signal() => _ready.Set();

    public void Stop()
    {
        _workerCts.Cancel();
        _worker.Join(1000);
    }

    private void Run(CancellationToken cancellationToken = default)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (WaitHandle.WaitAny(new[] { _ready, cancellationToken.WaitHandle }) == 1)
                {
                    break;
                }
                Console.WriteLine("ready");
            }
        }
        catch (ThreadInterruptedException)
        {
        }
    }
}

/// <summary>
/// An interrupt used as a wake-up: the worker catches it inside its loop and polls again at once, and nothing joins it.
/// TSA1002 still reports it, but no code fix is offered: cancelling would stop the worker, not wake it.
/// </summary>
internal sealed class FlaggedWakeUp
{
    private readonly Thread _worker;

    public FlaggedWakeUp() => _worker = new Thread(Poll) { IsBackground = true };

    public void PollNow() => _worker.Interrupt(); // TSA1002, no code fix

    private static void Poll()
    {
        while (true)
        {
            try
            {
                Thread.Sleep(60000);
            }
            catch (ThreadInterruptedException)
            {
            }

            Console.WriteLine("polling");
        }
    }
}
