using System.Globalization;
using ZeroTrustAI.Emulator;

// Usage: ZeroTrustAI.Emulator.Host <snapshot folder> [latency ms] [graph page size]
// Prints "GRAPH <uri>" and "ARM <uri>", then serves until its standard input closes.
if (args.Length < 1)
{
    await Console.Error.WriteLineAsync("Usage: ZeroTrustAI.Emulator.Host <snapshot folder> [latency ms] [graph page size]");
    return 2;
}

var options = new EmulatorOptions();
if (args.Length > 1)
{
    options.Latency = TimeSpan.FromMilliseconds(int.Parse(args[1], CultureInfo.InvariantCulture));
}

if (args.Length > 2)
{
    options.GraphPageSize = int.Parse(args[2], CultureInfo.InvariantCulture);
}

await using var emulator = await EmulatorHost.StartAsync(args[0], options);
Console.WriteLine($"GRAPH {emulator.GraphBaseUri}");
Console.WriteLine($"ARM {emulator.ArmBaseUri}");
await Console.Out.FlushAsync();
await Console.In.ReadToEndAsync();
return 0;
