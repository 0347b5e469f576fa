using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2005;

internal sealed class Flagged
{
    public Task RefreshAsync() => Task.Run(() => Rebuild()); // TSA2005 (info): nothing can cancel this work

    private static void Rebuild() => System.Console.WriteLine("rebuilt");
}

internal sealed class Fixed
{
    public Task RefreshAsync(CancellationToken cancellationToken = default) => Task.Run(() => Rebuild(), cancellationToken);

    private static void Rebuild() => System.Console.WriteLine("rebuilt");
}
