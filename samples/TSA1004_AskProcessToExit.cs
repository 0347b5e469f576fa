using System.Diagnostics;

namespace ThreadSafetyAnalyzers.Samples.TSA1004;

internal sealed class Flagged
{
    public void Stop(Process encoder) => encoder.Kill(); // TSA1004 (info): the encoder cannot finish its output file
}

internal sealed class Fixed
{
    public void Stop(Process encoder)
    {
        // Ask first (closing its input tells the encoder to finish), then kill only if it does not exit in time.
        encoder.StandardInput.Close();
        if (!encoder.WaitForExit(5000))
        {
            encoder.Kill(true);
        }
    }
}
