using System;
using System.Threading;

namespace ThreadSafetyAnalyzers.Samples.TSA1005;

internal sealed class Flagged
{
    public void Run(Action work)
    {
        try
        {
            work();
        }
        catch (ThreadAbortException) // TSA1005: .NET 5 and later never raise it, so this handler never runs
        {
            Console.WriteLine("aborted");
        }
    }
}

internal sealed class Fixed
{
    public void Run(Action work) => work();
}
