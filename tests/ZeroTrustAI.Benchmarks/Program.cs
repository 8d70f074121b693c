using System.Diagnostics;
using System.Globalization;
using System.Text;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Snapshot;

// Generates a tenant of the size that made peers run for hours (tens of thousands of service principals, many
// thousands of Azure resources), then measures reading it and running every control over it.
var servicePrincipals = ArgInt(args, "--service-principals", 60_000);
var resources = ArgInt(args, "--resources", 20_000);
var keep = args.Contains("--keep");
var root = Path.Combine(Path.GetTempPath(), "ztai-bench-" + Guid.NewGuid().ToString("N"));

var generate = Stopwatch.StartNew();
var bytes = SyntheticTenant.Write(root, servicePrincipals, resources);
generate.Stop();
Console.WriteLine($"Generated {servicePrincipals:N0} service principals and {resources:N0} Azure resources ({bytes / 1048576.0:N1} MiB) in {generate.Elapsed.TotalSeconds:N1} s at {root}");

try
{
    GC.Collect();
    var before = GC.GetTotalMemory(true);
    var read = Stopwatch.StartNew();
    var snapshot = SnapshotReader.Read(root);
    read.Stop();
    var retained = GC.GetTotalMemory(true) - before;

    var evaluate = Stopwatch.StartNew();
    var counts = new Dictionary<ResultStatus, int>();
    foreach (var result in AssessmentEngine.Evaluate(snapshot, ControlCatalog.All))
    {
        counts[result.Status] = counts.GetValueOrDefault(result.Status) + 1;
    }

    evaluate.Stop();
    var total = counts.Values.Sum();

    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("| --- | --- |");
    Console.WriteLine($"| snapshot size | {bytes / 1048576.0:N1} MiB |");
    Console.WriteLine($"| read snapshot | {read.Elapsed.TotalSeconds:N2} s ({bytes / 1048576.0 / read.Elapsed.TotalSeconds:N0} MiB/s) |");
    Console.WriteLine($"| memory retained by the snapshot | {retained / 1048576.0:N0} MiB |");
    Console.WriteLine($"| evaluate {ControlCatalog.All.Count} controls | {evaluate.Elapsed.TotalSeconds:N2} s, {total:N0} results |");
    Console.WriteLine($"| peak working set | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB |");
    Console.WriteLine($"| results by status | {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value:N0}"))} |");
    GC.KeepAlive(snapshot);
}
finally
{
    if (!keep)
    {
        Directory.Delete(root, recursive: true);
    }
}

static int ArgInt(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Writes a synthetic tenant in the snapshot format, in Graph and ARM shapes, with a mix of good and bad settings.</summary>
internal static class SyntheticTenant
{
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";
    private const string GraphSpId = "0b7e0000-0000-4000-8000-00000000f001";
    private static readonly string[] RoleIds =
    {
        "df021288-bdef-4463-88db-98f22de89214", // User.Read.All
        "810c84a8-4a9e-49e6-bf7d-12d183f40d01", // Mail.Read
        "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", // RoleManagement.ReadWrite.Directory
        "7ab1d382-f21e-4acd-a863-ba3e13f7da61", // Directory.Read.All
    };

    public static long Write(string root, int servicePrincipals, int resources)
    {
        Directory.CreateDirectory(Path.Combine(root, "graph"));
        Directory.CreateDirectory(Path.Combine(root, "arm"));
        File.WriteAllText(Path.Combine(root, "graph", "organization.json"), """{"value":[{"id":"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","displayName":"Bench"}]}""");

        // Pages of 999 like Graph returns them, in numbered files.
        const int pageSize = 999;
        var page = 0;
        for (var start = 0; start < servicePrincipals; start += pageSize, page++)
        {
            using var writer = Open(root, $"graph/servicePrincipals.{page}.json");
            writer.Write("{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#servicePrincipals\",\"value\":[");
            for (var i = start; i < Math.Min(start + pageSize, servicePrincipals); i++)
            {
                if (i > start)
                {
                    writer.Write(',');
                }

                var id = Guid(i, 1);
                var tags = i % 50 == 0 ? "\"AgenticApp\"" : "\"WindowsAzureActiveDirectoryIntegratedApp\"";
                var assignments = i % 10 == 0
                    ? $"[{{\"id\":\"{Guid(i, 2)}\",\"principalId\":\"{id}\",\"resourceId\":\"{GraphSpId}\",\"appRoleId\":\"{RoleIds[i % RoleIds.Length]}\",\"resourceDisplayName\":\"Microsoft Graph\"}}]"
                    : "[]";
                var password = i % 7 == 0 ? $"[{{\"keyId\":\"{Guid(i, 3)}\",\"displayName\":\"secret\",\"endDateTime\":\"2027-06-01T00:00:00Z\"}}]" : "[]";
                writer.Write($"{{\"id\":\"{id}\",\"appId\":\"{Guid(i, 4)}\",\"displayName\":\"app-{i:D6}\",\"servicePrincipalType\":\"Application\",\"accountEnabled\":true,\"appOwnerOrganizationId\":\"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b\",\"tags\":[{tags}],\"passwordCredentials\":{password},\"keyCredentials\":[],\"appRoleAssignments\":{assignments}}}");
            }

            writer.Write("]}");
        }

        using (var writer = Open(root, "graph/servicePrincipals.graph.json"))
        {
            writer.Write($"{{\"value\":[{{\"id\":\"{GraphSpId}\",\"appId\":\"{GraphAppId}\",\"displayName\":\"Microsoft Graph\",\"appRoles\":[]}}]}}");
        }

        var types = new[]
        {
            ("Microsoft.CognitiveServices/accounts", "\"kind\":\"OpenAI\",\"properties\":{\"disableLocalAuth\":%B,\"publicNetworkAccess\":\"%P\"},\"identity\":{\"type\":\"SystemAssigned\",\"principalId\":\"%G\"}"),
            ("Microsoft.Storage/storageAccounts", "\"kind\":\"StorageV2\",\"properties\":{\"allowSharedKeyAccess\":%B,\"allowBlobPublicAccess\":false,\"minimumTlsVersion\":\"TLS1_2\",\"supportsHttpsTrafficOnly\":true,\"publicNetworkAccess\":\"%P\"}"),
            ("Microsoft.KeyVault/vaults", "\"properties\":{\"enableRbacAuthorization\":%B,\"enablePurgeProtection\":true,\"enableSoftDelete\":true,\"publicNetworkAccess\":\"%P\"}"),
            ("Microsoft.Network/networkSecurityGroups", "\"properties\":{\"securityRules\":[{\"name\":\"allow-https\",\"properties\":{\"access\":\"Allow\",\"direction\":\"Inbound\",\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"VirtualNetwork\",\"destinationPortRange\":\"443\",\"priority\":100}}]}"),
            ("Microsoft.Search/searchServices", "\"properties\":{\"disableLocalAuth\":%B,\"publicNetworkAccess\":\"%P\"}"),
        };

        using (var writer = Open(root, "arm/resources.json"))
        {
            writer.Write("{\"totalRecords\":" + resources + ",\"count\":" + resources + ",\"data\":[");
            for (var i = 0; i < resources; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                var (type, body) = types[i % types.Length];
                var name = $"res{i:D6}";
                var id = $"/subscriptions/b1e0d1a2-0001-4c3b-9a7e-1000000000{i % 10:D2}/resourceGroups/rg-{i % 40}/providers/{type}/{name}";
                var filled = body.Replace("%B", i % 3 == 0 ? "false" : "true", StringComparison.Ordinal)
                    .Replace("%P", i % 4 == 0 ? "Enabled" : "Disabled", StringComparison.Ordinal)
                    .Replace("%G", Guid(i, 9), StringComparison.Ordinal);
                writer.Write($"{{\"id\":\"{id}\",\"name\":\"{name}\",\"type\":\"{type.ToLowerInvariant()}\",\"location\":\"eastus\",{filled}}}");
            }

            writer.Write("]}");
        }

        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    }

    private static StreamWriter Open(string root, string relative) =>
        new StreamWriter(Path.Combine(root, relative), false, new UTF8Encoding(false), 1 << 16);

    private static string Guid(int index, int salt) => $"{salt:x8}-{index >> 16 & 0xffff:x4}-4{index & 0xfff:x3}-8000-{index:x12}";
}
