using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ThreadSafetyAnalyzers.Samples.TSA2003;

internal sealed class Flagged
{
    public Task IndexAsync(IEnumerable<string> documents, CancellationToken cancellationToken)
        => Task.Run(() => Parallel.ForEach(documents, Index)); // TSA2003 twice: neither call gets the token

    private static void Index(string document) => System.Console.WriteLine(document);
}

internal sealed class Fixed
{
    public Task IndexAsync(IEnumerable<string> documents, CancellationToken cancellationToken)
        => Task.Run(
            () => Parallel.ForEach(documents, new ParallelOptions { CancellationToken = cancellationToken }, Index),
            cancellationToken);

    private static void Index(string document) => System.Console.WriteLine(document);
}
