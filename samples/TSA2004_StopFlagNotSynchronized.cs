using System.Threading;

namespace ThreadSafetyAnalyzers.Samples.TSA2004;

internal sealed class Flagged
{
    private Thread? _worker;
    private bool _stop;

    public void Start()
    {
        _worker = new Thread(Run);
        _worker.Start();
    }

    public void Stop()
    {
        _stop = true;
        _worker?.Join();
    }

    private void Run()
    {
        while (!_stop) // TSA2004
        {
            Poll();
        }
    }

    private static void Poll()
    {
    }
}

internal sealed class Fixed
{
    private Thread? _worker;
    private volatile bool _stop;

    public void Start()
    {
        _worker = new Thread(Run);
        _worker.Start();
    }

    public void Stop()
    {
        _stop = true;
        _worker?.Join();
    }

    private void Run()
    {
        while (!_stop)
        {
            Poll();
        }
    }

    private static void Poll()
    {
    }
}
