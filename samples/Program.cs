// Each file in this folder shows one rule: a "Flagged" class with the code the rule reports and a "Fixed" class
// with the cooperative version. Build with `dotnet build samples/ThreadSafetyAnalyzers.Samples.csproj --no-incremental`
// and read the TSA warnings; nothing here is meant to run.
System.Console.WriteLine("Build this project to see ThreadSafetyAnalyzers at work.");
