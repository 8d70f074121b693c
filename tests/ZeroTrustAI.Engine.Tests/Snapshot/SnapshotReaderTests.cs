using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

public class SnapshotReaderTests
{
    private const string Account = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai1";

    [Fact]
    public void Reads_graph_page_array_of_pages_bare_array_and_resource_graph_response()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """{"@odata.context":"x","value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"https://graph/next"}""")
            .With("graph/applications.json", """[{"value":[{"id":"a1"}]},{"value":[{"id":"a2"},{"id":"a3"}]}]""")
            .With("graph/oauth2PermissionGrants.json", """[{"id":"g1"},{"id":"g2"}]""")
            .With("arm/rg.json", """{"totalRecords":1,"count":1,"data":[{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv1","name":"kv1","type":"microsoft.keyvault/vaults"}],"facets":[],"resultTruncated":"false"}""");

        var snapshot = temp.Read();

        Assert.Empty(snapshot.Issues);
        Assert.Equal(new[] { "1", "2" }, snapshot.GraphItems("servicePrincipals").Select(i => i.GetString("id")));
        Assert.Equal(3, snapshot.GraphItems("applications").Count);
        Assert.Equal(2, snapshot.GraphItems("oauth2PermissionGrants").Count);
        var vault = Assert.Single(snapshot.ResourcesOfType("Microsoft.KeyVault/vaults"));
        Assert.Equal("kv1", vault.Name);
    }

    [Fact]
    public void Reads_gzip_and_json_lines_and_numbered_page_files_into_one_set()
    {
        using var temp = new TempSnapshot();
        WriteGzip(Path.Combine(temp.Root, "graph", "servicePrincipals.1.json.gz"), """{"value":[{"id":"gz1"}]}""");
        temp.With("graph/servicePrincipals.2.jsonl", "{\"id\":\"l1\"}\n\n{\"id\":\"l2\"}\n");
        WriteGzip(Path.Combine(temp.Root, "graph", "servicePrincipals.3.jsonl.gz"), "{\"id\":\"lg1\"}\n{\"value\":[{\"id\":\"lg2\"}]}\n");

        var snapshot = temp.Read();

        Assert.Empty(snapshot.Issues);
        var ids = snapshot.GraphItems("servicePrincipals").Select(i => i.GetString("id")).ToList();
        Assert.Equal(new[] { "gz1", "l1", "l2", "lg1", "lg2" }, ids);
        Assert.Equal(3, snapshot.GetGraphSet("servicePrincipals")!.Files.Count);
    }

    [Fact]
    public void Matches_property_names_regardless_of_case_across_arm_shapes()
    {
        using var temp = new TempSnapshot()
            .With("arm/rest.json", $$$"""{"value":[{"id":"{{{Account}}}","name":"oai1","type":"Microsoft.CognitiveServices/accounts","properties":{"disableLocalAuth":true}}]}""")
            .With("arm/azresource.json", """[{"ResourceId":"/subscriptions/s/resourceGroups/r/providers/Microsoft.CognitiveServices/accounts/oai2","ResourceName":"oai2","ResourceType":"Microsoft.CognitiveServices/accounts","Kind":"OpenAI","Properties":{"DisableLocalAuth":true}}]""")
            .With("arm/graphrow.json", """{"data":[{"id":"/subscriptions/s/resourcegroups/r/providers/microsoft.cognitiveservices/accounts/oai3","name":"oai3","type":"microsoft.cognitiveservices/accounts","kind":"AIServices","properties":{"disableLocalAuth":false}}]}""");

        var snapshot = temp.Read();

        var accounts = snapshot.ResourcesOfType("microsoft.cognitiveservices/ACCOUNTS").ToDictionary(a => a.Name, a => a);
        Assert.Equal(3, accounts.Count);
        Assert.True(accounts["oai1"].GetBool("properties.disableLocalAuth"));
        Assert.True(accounts["oai2"].GetBool("properties.disableLocalAuth"));
        Assert.Equal("OpenAI", accounts["oai2"].Kind);
        Assert.False(accounts["oai3"].GetBool("Properties.DisableLocalAuth"));
        Assert.Equal("s", accounts["oai3"].SubscriptionId);
    }

    [Fact]
    public void Links_children_whether_nested_or_separate()
    {
        using var temp = new TempSnapshot()
            .With("arm/accounts.json", $$$"""
                [{"id":"{{{Account}}}","name":"oai1","type":"Microsoft.CognitiveServices/accounts",
                  "resources":[
                    {"id":"{{{Account}}}/deployments/gpt-4o","name":"gpt-4o","type":"Microsoft.CognitiveServices/accounts/deployments","properties":{"raiPolicyName":"strict"}},
                    {"name":"strict","type":"raiPolicies","properties":{"mode":"Blocking"}}
                  ]}]
                """)
            .With("arm/separate.json", $$$"""
                {"value":[
                  {"id":"{{{Account}}}/deployments/embed","name":"embed","type":"Microsoft.CognitiveServices/accounts/deployments"},
                  {"id":"{{{Account}}}/providers/Microsoft.Insights/diagnosticSettings/toLaw","name":"toLaw","type":"Microsoft.Insights/diagnosticSettings"}
                ]}
                """);

        var snapshot = temp.Read();

        var account = snapshot.GetResource(Account)!;
        Assert.Equal(new[] { "embed", "gpt-4o" }, account.ChildrenOfType("Microsoft.CognitiveServices/accounts/deployments").Select(d => d.Name).OrderBy(n => n));
        var policy = Assert.Single(account.ChildrenOfType("Microsoft.CognitiveServices/accounts/raiPolicies"));
        Assert.Equal(Account + "/raiPolicies/strict", policy.Id);
        var diagnostic = Assert.Single(account.ExtensionsOfType("Microsoft.Insights/diagnosticSettings"));
        Assert.Same(account, diagnostic.Parent);
        Assert.True(diagnostic.IsExtension);
        Assert.DoesNotContain(account.Children, c => c.IsExtension);
    }

    [Fact]
    public void Reads_subscriptions_and_single_object_files()
    {
        using var temp = new TempSnapshot()
            .With("arm/subscriptions.json", """{"value":[{"id":"/subscriptions/s1","subscriptionId":"s1","displayName":"Prod","state":"Enabled"}]}""")
            .With("arm/one.json", $$$"""{"id":"{{{Account}}}","name":"oai1","type":"Microsoft.CognitiveServices/accounts","properties":{"value":"not a list"}}""");

        var snapshot = temp.Read();

        Assert.Equal("Prod", Assert.Single(snapshot.Subscriptions).GetString("displayName"));
        Assert.Single(snapshot.Resources);
    }

    [Fact]
    public void Reads_a_zip_with_or_without_a_top_level_folder()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """{"value":[{"id":"1"}]}""")
            .With("arm/a.json", $$$"""[{"id":"{{{Account}}}","name":"oai1","type":"Microsoft.CognitiveServices/accounts"}]""");
        var flat = temp.Root + "-flat.zip";
        var nested = temp.Root + "-nested.zip";
        try
        {
            ZipFile.CreateFromDirectory(temp.Root, flat);
            ZipFile.CreateFromDirectory(temp.Root, nested, CompressionLevel.Fastest, includeBaseDirectory: true);

            foreach (var zip in new[] { flat, nested })
            {
                var snapshot = SnapshotReader.Read(zip);
                Assert.Empty(snapshot.Issues);
                Assert.Single(snapshot.GraphItems("servicePrincipals"));
                Assert.Single(snapshot.Resources);
            }
        }
        finally
        {
            File.Delete(flat);
            File.Delete(nested);
        }
    }

    [Fact]
    public void Malformed_file_is_reported_with_file_and_position_and_other_files_still_read()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", "{\"value\":[\n  {\"id\":\"1\"},\n  {\"id\": oops}\n]}")
            .With("graph/applications.json", """{"value":[{"id":"a1"}]}""");

        var snapshot = temp.Read();

        var issue = Assert.Single(snapshot.Issues);
        Assert.Equal(SnapshotErrorIds.MalformedJson, issue.ErrorId);
        Assert.Equal("graph/servicePrincipals.json", issue.File);
        Assert.Equal(3, issue.Line);
        Assert.DoesNotContain("LineNumber", issue.Message, StringComparison.Ordinal);
        Assert.NotNull(issue.BytePositionInLine);
        Assert.Single(snapshot.GraphItems("applications"));
        Assert.Equal(DataState.Incomplete, snapshot.GetAvailability(DataSets.Graph("servicePrincipals")).State);
        Assert.Contains("line 3", snapshot.GetAvailability(DataSets.Graph("servicePrincipals")).Reason);
        Assert.Equal(DataState.Available, snapshot.GetAvailability(DataSets.Graph("applications")).State);
        Assert.Equal(DataState.Missing, snapshot.GetAvailability(DataSets.Graph("oauth2PermissionGrants")).State);
    }

    [Theory]
    [InlineData("{\"value\":[{\"id\":\"1\"}")]
    [InlineData("")]
    [InlineData("{\"value\":[{\"id\":\"1\"}]} trailing")]
    [InlineData("42")]
    public void Truncated_empty_or_invalid_files_are_issues_not_crashes(string content)
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", content)
            .With("graph/applications.json", """{"value":[]}""");

        var snapshot = temp.Read();

        Assert.Equal("graph/servicePrincipals.json", Assert.Single(snapshot.Issues).File);
        Assert.Equal(DataState.Available, snapshot.GetAvailability(DataSets.Graph("applications")).State);
    }

    [Fact]
    public void Missing_path_throws_with_stable_id()
    {
        var error = Assert.Throws<SnapshotException>(() => SnapshotReader.Read(Path.Combine(Path.GetTempPath(), "no-such-snapshot-" + Guid.NewGuid())));
        Assert.Equal(SnapshotErrorIds.PathNotFound, error.ErrorId);
    }

    [Fact]
    public void Folder_without_snapshot_content_is_not_a_snapshot()
    {
        using var temp = new TempSnapshot().With("notes.txt", "hello").With("other/file.json", "{}");
        var error = Assert.Throws<SnapshotException>(() => temp.Read());
        Assert.Equal(SnapshotErrorIds.NotASnapshot, error.ErrorId);
    }

    [Fact]
    public void Plain_file_that_is_not_a_zip_is_not_a_snapshot()
    {
        using var temp = new TempSnapshot().With("file.json", "{}");
        var error = Assert.Throws<SnapshotException>(() => SnapshotReader.Read(Path.Combine(temp.Root, "file.json")));
        Assert.Equal(SnapshotErrorIds.NotASnapshot, error.ErrorId);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"banana\"")]
    [InlineData("null")]
    public void Unknown_schema_version_throws_with_stable_id(string version)
    {
        using var temp = new TempSnapshot()
            .With("manifest.json", $$$"""{"schemaVersion": {{{version}}}, "tenantId": "t"}""")
            .With("graph/organization.json", """{"value":[]}""");
        var error = Assert.Throws<SnapshotException>(() => temp.Read());
        Assert.Equal(SnapshotErrorIds.UnsupportedSchemaVersion, error.ErrorId);
    }

    [Fact]
    public void Manifest_collection_states_decide_availability()
    {
        using var temp = new TempSnapshot()
            .With("manifest.json", """
                {"schemaVersion": 1, "tenantId": "t1", "collectedAt": "2026-11-20T10:00:00Z",
                 "collections": {
                   "graph/servicePrincipals": {"status": "complete", "count": 1},
                   "graph/oauth2PermissionGrants": {"status": "skipped", "missingPermission": "DelegatedPermissionGrant.Read.All"},
                   "graph/applications": {"status": "partial", "error": "stopped at page 3"}
                 }}
                """)
            .With("graph/servicePrincipals.json", """{"value":[{"id":"1"}]}""")
            .With("graph/applications.json", """{"value":[{"id":"a"}]}""");

        var snapshot = temp.Read();

        Assert.Equal("t1", snapshot.TenantId);
        Assert.Equal(DataState.Available, snapshot.GetAvailability(DataSets.Graph("servicePrincipals")).State);
        var skipped = snapshot.GetAvailability(DataSets.Graph("oauth2PermissionGrants"));
        Assert.Equal(DataState.NotCollected, skipped.State);
        Assert.Contains("DelegatedPermissionGrant.Read.All", skipped.Reason);
        Assert.Equal(DataState.Incomplete, snapshot.GetAvailability(DataSets.Graph("applications")).State);
    }

    [Fact]
    public void Malformed_arm_file_makes_azure_data_incomplete()
    {
        using var temp = new TempSnapshot()
            .With("arm/a.json", $$$"""[{"id":"{{{Account}}}","name":"oai1","type":"Microsoft.CognitiveServices/accounts"}""")
            .With("graph/organization.json", """{"value":[{"id":"t"}]}""");

        var snapshot = temp.Read();

        Assert.Equal(DataState.Incomplete, snapshot.GetAvailability(DataSets.Arm("Microsoft.KeyVault/vaults")).State);
        Assert.Equal(DataState.Available, snapshot.GetAvailability(DataSets.Graph("organization")).State);
    }

    [Fact]
    public void Streams_a_large_file_with_objects_bigger_than_the_read_buffer()
    {
        using var temp = new TempSnapshot();
        var path = Path.Combine(temp.Root, "graph", "servicePrincipals.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bigText = new string('x', 200_000);
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            writer.Write("{\"value\":[");
            for (var i = 0; i < 20_000; i++)
            {
                writer.Write(i == 0 ? string.Empty : ",");
                writer.Write(i == 5 ? $"{{\"id\":\"{i}\",\"notes\":\"{bigText}\"}}" : $"{{\"id\":\"{i}\",\"displayName\":\"sp {i}\"}}");
            }

            writer.Write("]}");
        }

        var snapshot = temp.Read();

        Assert.Empty(snapshot.Issues);
        var items = snapshot.GraphItems("servicePrincipals");
        Assert.Equal(20_000, items.Count);
        Assert.Equal(bigText.Length, items[5].GetString("notes")!.Length);
        Assert.Equal("sp 19999", items[19_999].GetString("displayName"));
    }

    [Fact]
    public void Dotted_property_names_resolve_before_nested_paths()
    {
        using var document = JsonDocument.Parse("""{"@odata.type":"#microsoft.graph.agentIdentity","a":{"b":{"c":1}}}""");
        Assert.Equal("#microsoft.graph.agentIdentity", document.RootElement.GetString("@odata.type"));
        Assert.Equal("1", document.RootElement.GetString("A.B.C"));
        Assert.Null(document.RootElement.Get("a.x"));
    }

    private static void WriteGzip(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        var bytes = Encoding.UTF8.GetBytes(content);
        gzip.Write(bytes, 0, bytes.Length);
    }
}
