using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2005;

internal sealed class Flagged
{
    // TSA2005 (info): the rebuild blocks until the download completes, and nothing can cancel it.
    public Task RefreshAsync(Task download) => Task.Run(() => Rebuild(download));

    private static void Rebuild(Task download) => download.Wait();
}

internal sealed class Fixed
{
    public Task RefreshAsync(Task download, CancellationToken cancellationToken = default)
        => Task.Run(() => Rebuild(download, cancellationToken), cancellationToken);

    private static void Rebuild(Task download, CancellationToken cancellationToken) => download.Wait(cancellationToken);
}
