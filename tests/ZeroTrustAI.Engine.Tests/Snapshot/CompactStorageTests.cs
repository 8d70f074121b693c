using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ZeroTrustAI.Engine.Agents;
using ZeroTrustAI.Engine.Graph;
using ZeroTrustAI.Engine.Json;
using ZeroTrustAI.Engine.Snapshot;
using ZeroTrustAI.Engine.Snapshot.Compact;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Snapshot;

/// <summary>The compact in-memory form gives back exactly what was read, and the directory indexes it the same way.</summary>
public class CompactStorageTests
{
    private const string Guid1 = "0b7e0000-0000-4000-8000-00000000f001";
    private const string Base64Id = "WmGIAlPGgQHpZD4JYuAL2cVMpmBSjxvTP9gRZDAcfh4";

    [Theory]
    [InlineData(Guid1)]
    [InlineData("0B7E0000-0000-4000-8000-00000000F001")]
    [InlineData("sp-agent-1")]
    [InlineData("")]
    [InlineData(" openid profile User.Read ")]
    public void String_table_gives_back_each_string_exactly_and_finds_it_ignoring_case(string value)
    {
        var table = new StringTable();
        var handle = table.Intern(Encoding.UTF8.GetBytes(value));

        Assert.Equal(value, table.Get(handle));
        Assert.Equal(handle, table.Intern(value));
        Assert.Equal(handle, table.Find(value.ToUpperInvariant()) == StringTable.Missing ? handle : table.Find(value));
        Assert.NotEqual(StringTable.Missing, table.Find(value.ToLowerInvariant()));
    }

    [Fact]
    public async Task String_table_lookups_on_other_threads_stay_exact_while_strings_are_added_and_the_table_grows()
    {
        // Lookups take no lock: one racing an addition (the directory interns after the snapshot is read) must still
        // find every string added before it, ignoring case, and never a wrong handle.
        var table = new StringTable();
        var known = Enumerable.Range(0, 2_000).Select(i => (Text: $"known app {i:D5}", Guid: Guid.NewGuid().ToString("D"))).ToList();
        var handles = known.Select(k => (Text: table.Intern(k.Text), Guid: table.Intern(k.Guid))).ToList();
        using var stop = new CancellationTokenSource();
        var wrong = 0;
        var lookups = 0L;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i = (i + 1) % known.Count)
                {
                    if (table.Find(known[i].Text.ToUpperInvariant()) != handles[i].Text || table.Find(known[i].Guid.ToUpperInvariant()) != handles[i].Guid)
                    {
                        Interlocked.Increment(ref wrong);
                    }

                    Interlocked.Increment(ref lookups);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToList();
        SpinWait.SpinUntil(() => Interlocked.Read(ref lookups) > 0);

        // Enough additions of both kinds to double each table several times while the readers run.
        for (var i = 0; i < 300_000; i++)
        {
            table.Intern($"added app {i:D7}");
            table.Intern(Guid.NewGuid().ToString("D"));
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, wrong);
        Assert.True(Interlocked.Read(ref lookups) > 0);
        Assert.Equal("added app 0299999", table.Get(table.Find("ADDED APP 0299999")));
    }

    [Fact]
    public void String_table_keeps_case_variants_apart_and_finds_the_first_interned_one_ignoring_case_at_any_size()
    {
        var table = new StringTable();
        var handles = new Dictionary<string, int>(StringComparer.Ordinal);
        // Enough texts to grow the table many times; each name also in upper case (interned later) and in
        // title case (never interned).
        const int Names = 40_000;
        for (var i = 0; i < Names; i++)
        {
            handles[$"partner app {i:D7}"] = table.Intern($"partner app {i:D7}");
        }

        for (var i = 0; i < Names; i += 2)
        {
            handles[$"PARTNER APP {i:D7}"] = table.Intern(Encoding.UTF8.GetBytes($"PARTNER APP {i:D7}"));
        }

        Assert.Equal(handles.Count, handles.Values.Distinct().Count());
        foreach (var (text, handle) in handles)
        {
            Assert.Equal(handle, table.Intern(text));
            Assert.Equal(handle, table.Find(text));
            Assert.Equal(text, table.Get(handle));
        }

        for (var i = 0; i < Names; i++)
        {
            Assert.Equal(handles[$"partner app {i:D7}"], table.Find($"Partner App {i:D7}"));
        }

        Assert.Equal(StringTable.Missing, table.Find("partner app 9999999"));
        Assert.Equal(StringTable.Missing, table.Find("Partner App"));
    }

    [Theory]
    [InlineData(1)] // one value for every record (deletedDateTime)
    [InlineData(10)] // a principal's assignments
    [InlineData(2)] // runs too short: one value per record
    [InlineData(0)] // a new value each record
    public void A_column_gives_back_every_record_in_any_order_as_runs_or_one_value_per_record(int runLength)
    {
        const int Records = 20_000;
        static int ValueOf(int record, int runLength) => runLength switch { 0 => record, 1 => 7, _ => record / runLength };
        var column = new RunLengthColumn<int>();
        for (var record = 0; record < Records; record++)
        {
            column.Add(ValueOf(record, runLength));
        }

        Assert.Equal(Records, column.Count);
        for (var record = 0; record < Records; record++)
        {
            Assert.Equal(ValueOf(record, runLength), column[record]);
        }

        var random = new Random(5);
        for (var i = 0; i < 5_000; i++)
        {
            var record = random.Next(Records);
            Assert.Equal(ValueOf(record, runLength), column[record]);
        }
    }

    [Fact]
    public void A_guid_set_numbers_each_guid_once_in_order_of_arrival_and_finds_every_one()
    {
        var set = new GuidSet();
        // GUIDs a generator makes differ in a few bits; random ones anywhere.
        var guids = Enumerable.Range(0, 150_000)
            .Select(i => i % 2 == 0 ? new Guid(i, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0) : Guid.NewGuid())
            .ToList();

        for (var i = 0; i < guids.Count; i++)
        {
            Assert.Equal(i, set.Add(guids[i]));
        }

        for (var i = 0; i < guids.Count; i++)
        {
            Assert.Equal(i, set.Add(guids[i]));
            Assert.True(set.TryGetNumber(guids[i], out var number));
            Assert.Equal(i, number);
            Assert.Equal(guids[i], set[i]);
        }

        Assert.Equal(guids.Count, set.Count);
        Assert.False(set.TryGetNumber(Guid.NewGuid(), out _));
        Assert.False(set.TryGetNumber(new Guid(1, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0), out _));
    }

    [Fact]
    public void A_chunked_array_grows_its_first_block_and_keeps_every_value()
    {
        var array = new ChunkedArray<long>();
        for (var i = 0; i < 200_000; i++)
        {
            Assert.Equal(i, array.Add(i * 3L));
        }

        for (var i = 0; i < 200_000; i += 7)
        {
            Assert.Equal(i * 3L, array[i]);
        }
    }

    [Theory]
    [InlineData(Base64Id)]
    [InlineData("wb8GyDo-1wEZDwWZJqBSOLsDhID_CT-MLN2XaKoF-YQ")]
    [InlineData(Guid1)]
    [InlineData("W8iZUqo_WOXxm7Dcb2Mna6j9KsKpNUBjhP77IWjg7dh")] // last character carries bits a 32-byte value cannot have
    [InlineData("assignment-1")]
    [InlineData("AT&T <ops> café")]
    public void Records_give_back_their_ids_and_strings_exactly(string id)
    {
        var store = new RecordStore(CompactSchemas.AppRoleAssignment, new StringTable());
        var json = $$"""{"id":"{{id}}","appRoleId":"df021288-bdef-4463-88db-98f22de89214","principalId":"{{Guid1}}","resourceId":"r-1","resourceDisplayName":"Microsoft Graph"}""";

        var record = store.Add(Encoding.UTF8.GetBytes(json));

        Assert.Equal(id, store.Id(record));
        Assert.Equal(Guid1, store.Get(record, 2));
        Assert.Equal(json, store.GetElement(record).GetRawText());
    }

    /// <summary>Graph's id forms: an assignment's starts with its principal's id; a grant's is its client's and resource's ids, and its user's.</summary>
    [Theory]
    [InlineData("assignment", true)]
    [InlineData("assignment", false)]
    [InlineData("grant-all", true)]
    [InlineData("grant-all", false)]
    [InlineData("grant-user", true)]
    [InlineData("grant-user", false)]
    public void Ids_made_of_the_records_own_ids_read_back_exactly_and_store_only_what_they_add(string form, bool asGraphMakesThem)
    {
        var schema = form == "assignment" ? CompactSchemas.AppRoleAssignment : CompactSchemas.OAuth2PermissionGrant;
        var store = new RecordStore(schema, new StringTable());
        var random = new Random(7);
        var ids = new List<string>();
        var jsons = new List<string>();
        for (var i = 0; i < 40_000; i++)
        {
            var principal = Guid.NewGuid();
            var client = Guid.NewGuid();
            var resource = Guid.NewGuid();
            var tail = new byte[16];
            random.NextBytes(tail);
            var parts = form switch
            {
                "assignment" => new[] { principal.ToByteArray(), tail },
                "grant-all" => new[] { client.ToByteArray(), resource.ToByteArray() },
                _ => new[] { client.ToByteArray(), resource.ToByteArray(), principal.ToByteArray() },
            };
            if (!asGraphMakesThem)
            {
                random.NextBytes(parts[0]);
            }

            var id = Base64Url(parts.SelectMany(p => p).ToArray());
            var consentType = form == "grant-all" ? "AllPrincipals" : "Principal";
            var user = form == "grant-all" ? "null" : "\"" + principal + "\"";
            var json = form == "assignment"
                ? $$"""{"id":"{{id}}","appRoleId":"df021288-bdef-4463-88db-98f22de89214","principalId":"{{principal}}","resourceId":"{{resource}}","resourceDisplayName":"Microsoft Graph"}"""
                : $$"""{"id":"{{id}}","clientId":"{{client}}","consentType":"{{consentType}}","principalId":{{user}},"resourceId":"{{resource}}","scope":"User.Read"}""";
            store.Add(Encoding.UTF8.GetBytes(json));
            ids.Add(id);
            jsons.Add(json);
        }

        for (var record = 0; record < ids.Count; record++)
        {
            Assert.Equal(ids[record], store.Id(record));
            Assert.Equal(jsons[record], store.GetElement(record).GetRawText());
            Assert.True(store.SameId(record, record));
        }

        Assert.False(store.SameId(0, 1));
        var blocksPerPart = (ids.Count + 32767) / 32768;
        var storedParts = form == "assignment" ? (asGraphMakesThem ? 1 : 2) : asGraphMakesThem ? 0 : 1;
        Assert.Equal(storedParts * blocksPerPart, store.IdPartBlocks);
    }

    [Fact]
    public void An_id_stored_whole_and_the_same_id_made_of_the_records_ids_are_the_same_id()
    {
        var store = new RecordStore(CompactSchemas.AppRoleAssignment, new StringTable());
        var principal = Guid.Parse(Guid1);
        var id = Base64Url(principal.ToByteArray().Concat(new byte[16]).ToArray());
        var derived = store.Add(Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","principalId":"{{Guid1}}"}"""));
        var whole = store.Add(Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","principalId":"{{Guid.NewGuid()}}"}"""));

        Assert.Equal(id, store.Id(derived));
        Assert.Equal(id, store.Id(whole));
        Assert.True(store.SameId(derived, whole));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void Assignments_with_the_properties_Graph_returns_by_default_are_kept_as_fields_and_read_back_exactly()
    {
        var store = new RecordStore(CompactSchemas.AppRoleAssignment, new StringTable());
        var json = $$"""{"id":"{{Base64Id}}","appRoleId":"df021288-bdef-4463-88db-98f22de89214","principalId":"{{Guid1}}","resourceId":"r-1","resourceDisplayName":"Microsoft Graph","createdDateTime":"2026-04-14T09:45:00Z","deletedDateTime":null,"principalDisplayName":"Contoso HR Onboarding Agent","principalType":"ServicePrincipal"}""";

        var record = store.Add(Encoding.UTF8.GetBytes(json));

        Assert.False(store.KeepsJson(record));
        Assert.Equal(json, store.GetElement(record).GetRawText());
        Assert.Equal("2026-04-14T09:45:00Z", new CompactRecord(store, record).GetString("createdDateTime"));
        Assert.Null(new CompactRecord(store, record).GetString("deletedDateTime"));
        Assert.Equal("Contoso HR Onboarding Agent", new CompactRecord(store, record).GetString("principalDisplayName"));
    }

    /// <summary>
    /// An assignment's resourceDisplayName is kept only where it differs from the first one seen for its resourceId:
    /// every record still reads back its own, whichever came first, and a record without one or with null stays so.
    /// </summary>
    [Fact]
    public void A_resource_name_that_follows_its_resource_id_reads_back_exactly_where_it_differs_or_is_absent()
    {
        var store = new RecordStore(CompactSchemas.AppRoleAssignment, new StringTable());
        var names = new[] { "Microsoft Graph", "Microsoft Graph", "Graph (renamed)", null, null, "microsoft graph", "Other API", "Other API" };
        var resources = new[] { "r-1", "r-1", "r-1", "r-1", "r-1", "r-1", "r-2", "r-1" };
        var jsons = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            // Record 3 says null, record 4 says nothing.
            var name = i == 3 ? ",\"resourceDisplayName\":null" : i == 4 ? string.Empty : ",\"resourceDisplayName\":\"" + names[i] + "\"";
            jsons.Add($$"""{"id":"a-{{i}}","appRoleId":"df021288-bdef-4463-88db-98f22de89214","principalId":"{{Guid1}}","resourceId":"{{resources[i]}}"{{name}}}""");
        }

        // A second pass adds them again with the odd name first, so neither order decides what is read.
        var records = jsons.Concat(Enumerable.Reverse(jsons)).Select(json => store.Add(Encoding.UTF8.GetBytes(json))).ToList();

        var field = CompactSchemas.AppRoleAssignment.IndexOf("resourceDisplayName");
        for (var i = 0; i < records.Count; i++)
        {
            var source = i < jsons.Count ? i : (2 * jsons.Count) - 1 - i;
            Assert.Equal(names[source], store.GetString(records[i], field));
            Assert.Equal(jsons[source], store.GetElement(records[i]).GetRawText());
            Assert.False(store.KeepsJson(records[i]));
        }
    }

    [Theory]
    [InlineData("""{"id":"36d9e3c0-2ed7-4a78-b998-d2bb05c5b827","appId":"8a1cb3e8-6767-4552-8f23-17b34bed08c7","displayName":"contoso-app","createdDateTime":"2024-09-15T07:37:46Z","tags":["WindowsAzureActiveDirectoryIntegratedApp"],"passwordCredentials":[{"keyId":"e66e69f6-5c16-4ebf-b876-cdbd1f669b86","endDateTime":"2027-02-28T00:00:00.1234567Z"}]}""")]
    [InlineData("""{ "id" : "36D9E3C0-2ED7-4A78-B998-D2BB05C5B827", "appId": "8a1cb3e8-6767-4552-8f23-17b34bed08c7x", "n\u0061me": "caf\u00e9 \"quoted\" é", "\"id\"": 1 }""")]
    [InlineData("""{"createdDateTime":"2024-09-15T07:37:46+01:00","deletedDateTime":null,"x":"2023-02-29T00:00:00Z","a":[1,2.5e3,true,false,null,{}],"id":"","b":"\\"}""")]
    [InlineData("""{"8a1cb3e8-6767-4552-8f23-17b34bed08c7":"8a1cb3e8-6767-4552-8f23-17b34bed08c7","2024-09-15T07:37:46Z":"2024-09-15T07:37:46Z"}""")]
    public void Objects_kept_as_json_read_back_byte_for_byte_however_they_are_shrunk(string json)
    {
        var arena = new JsonArena();
        var bytes = Encoding.UTF8.GetBytes(json);

        // Twice, so the second one is written with the property names the first added to the table.
        var first = arena.Add(bytes);
        var second = arena.Add(bytes);

        Assert.Equal(json, arena.Get(first).GetRawText());
        Assert.Equal(json, arena.Get(second).GetRawText());
        Assert.Equal(bytes.Length, arena.LengthOf(second));
    }

    [Fact]
    public void A_string_value_seen_a_few_times_is_written_by_number_and_read_back_exactly()
    {
        var codec = new JsonCodec();
        string Principal(int n) => $$"""{"displayName":"app-{{n}}","appDisplayName":"app-{{n}}","signInAudience":"AzureADMyOrg","tags":["WindowsAzureActiveDirectoryIntegratedApp"]}""";
        var sizes = new List<int>();
        for (var n = 0; n < 5; n++)
        {
            var json = Encoding.UTF8.GetBytes(Principal(n));
            var output = new byte[json.Length];
            Assert.True(codec.TryEncode(json, output, out var written));
            Assert.Equal(json, codec.Decode(output.AsSpan(0, written), json.Length));
            sizes.Add(written);
        }

        // From the third principal on, the audience and the tag are numbers; a name repeated within one object is not.
        Assert.True(sizes[3] <= sizes[1] - 40, string.Join(", ", sizes));
        Assert.Equal(sizes[3], sizes[4]);
    }

    [Fact]
    public void A_service_principal_kept_as_json_takes_fewer_bytes_than_its_json()
    {
        var codec = new JsonCodec();
        var json = Encoding.UTF8.GetBytes("""{"id":"36d9e3c0-2ed7-4a78-b998-d2bb05c5b827","appId":"8a1cb3e8-6767-4552-8f23-17b34bed08c7","appOwnerOrganizationId":"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","createdDateTime":"2024-09-15T07:37:46Z","servicePrincipalType":"Application"}""");
        var output = new byte[json.Length];

        Assert.True(codec.TryEncode(json, output, out var written));

        Assert.True(written < json.Length / 2, $"{written} of {json.Length} bytes");
        Assert.Equal(json, codec.Decode(output.AsSpan(0, written), json.Length));
    }

    [Theory]
    [InlineData("2026-04-14T09:45:00Z", true)]
    [InlineData("2021-02-15T16:39:38.2975029Z", true)]
    [InlineData("2021-02-15T16:39:38.12Z", true)]
    [InlineData("2021-02-15T16:39:38.100Z", true)]
    [InlineData("0001-01-01T00:00:00Z", true)]
    [InlineData("2999-12-31T23:59:59.9999999Z", true)]
    [InlineData("9999-12-31T23:59:59.9999999Z", false)]
    [InlineData("2024-02-29T00:00:00Z", true)]
    [InlineData("2023-02-29T00:00:00Z", false)]
    [InlineData("2021-02-15T16:39:38+00:00", false)]
    [InlineData("2021-02-15T16:39:38.Z", false)]
    [InlineData("2021-02-15T16:39:38.12345678Z", false)]
    [InlineData("2021-02-15 16:39:38Z", false)]
    [InlineData("2021-02-15t16:39:38z", false)]
    [InlineData("2021-13-15T16:39:38Z", false)]
    [InlineData("2021-02-15T24:00:00Z", false)]
    [InlineData("soon", false)]
    [InlineData("", false)]
    public void A_date_comes_back_exactly_as_read_and_any_other_form_keeps_the_records_json(string date, bool asNumber)
    {
        var store = new RecordStore(CompactSchemas.AppRoleAssignment, new StringTable());
        var json = $$"""{"id":"a1","appRoleId":"r","principalId":"p","resourceId":"s","createdDateTime":"{{date}}"}""";

        var record = store.Add(Encoding.UTF8.GetBytes(json));

        Assert.Equal(asNumber, CompactDate.TryEncode(Encoding.UTF8.GetBytes(date), out _));
        Assert.Equal(!asNumber, store.KeepsJson(record));
        Assert.Equal(date, new CompactRecord(store, record).GetString("createdDateTime"));
        Assert.Equal(json, store.GetElement(record).GetRawText());
    }

    [Theory]
    [InlineData("{\"id\":\"g1\",\"clientId\":\"c\",\"consentType\":\"AllPrincipals\",\"principalId\":null,\"resourceId\":\"r\",\"scope\":\"a b\"}")]
    [InlineData("{\"id\":\"g1\",\"clientId\":\"c\",\"startTime\":\"2026-01-01\",\"scope\":\"a\\u0027b\"}")]
    [InlineData("{\"id\":\"g1\",\"ClientId\":\"upper\",\"consentType\":\"Principal\"}")]
    [InlineData("{\"id\":\"g1\",\"clientId\":\"first\",\"clientId\":\"second\",\"extra\":1}")]
    [InlineData("{\"id\":\"g1\",\"principalId\":7,\"scope\":true,\"extra\":1}")]
    [InlineData("{\"id\":7,\"clientId\":\"c\"}")]
    [InlineData("{\"ID\":\"upper-id\",\"clientId\":\"c\"}")]
    [InlineData("{\"id\":\"a\",\"id\":\"b\",\"clientId\":\"c\"}")]
    [InlineData("{\"id\":null,\"clientId\":null,\"extra\":[1]}")]
    public void A_property_read_from_the_record_is_what_its_json_says(string json)
    {
        var store = new RecordStore(CompactSchemas.OAuth2PermissionGrant, new StringTable());
        var record = store.Add(Encoding.UTF8.GetBytes(json));

        foreach (var property in store.Schema.Fields)
        {
            Assert.Equal(store.GetElement(record).GetString(property), new CompactRecord(store, record).GetString(property));
        }
    }

    [Fact]
    public void A_record_with_anything_the_schema_does_not_describe_reads_back_byte_for_byte()
    {
        var store = new RecordStore(CompactSchemas.OAuth2PermissionGrant, new StringTable());
        var extra = "{ \"id\": \"g1\", \"clientId\": \"c\", \"startTime\": \"2026-01-01\", \"scope\": \"a\\u0027b\" }";
        var escaped = "{\"id\":\"g2\",\"clientId\":\"\\u0063\",\"consentType\":\"AllPrincipals\"}";
        var number = "{\"id\":\"g3\",\"clientId\":\"c\",\"principalId\":7}";

        var records = new[] { extra, escaped, number }.Select(json => store.Add(Encoding.UTF8.GetBytes(json))).ToList();

        Assert.Equal(new[] { extra, escaped, number }, records.Select(r => store.GetElement(r).GetRawText()));
        Assert.Equal("c", store.Get(records[1], 1));
        Assert.Equal("a'b", store.Get(records[0], 5));
    }

    [Fact]
    public void Graph_sets_keep_the_exact_bytes_of_each_object_from_every_file_shape()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", "{\"value\":[\n  {\n    \"id\": \"1\",\n    \"tags\": [ \"a\" ]\n  }\n]}")
            .With("graph/oauth2PermissionGrants.jsonl", "{\"id\":\"g1\",\"clientId\":\"1\",\"consentType\":\"AllPrincipals\",\"principalId\":null,\"resourceId\":\"2\",\"scope\":\" User.Read \"}\n{\"value\":[{\"id\":\"g2\",\"clientId\":\"1\"}]}\n");
        var snapshot = temp.Read();

        Assert.Equal("{\n    \"id\": \"1\",\n    \"tags\": [ \"a\" ]\n  }", snapshot.GraphItems("servicePrincipals")[0].GetRawText());
        var grants = snapshot.GraphItems("oauth2PermissionGrants");
        Assert.Equal(2, grants.Count);
        Assert.Equal(JsonValueKind.Null, grants[0].GetProperty("principalId").ValueKind);
        Assert.Equal(" User.Read ", grants[0].GetString("scope"));
        Assert.Equal("g2", grants[1].GetString("id"));
        Assert.Equal(2, snapshot.GetGraphSet("oauth2PermissionGrants")!.Count);
    }

    [Fact]
    public void Decompression_ahead_of_parsing_reads_a_large_gzip_file_whole()
    {
        using var temp = new TempSnapshot();
        var lines = Enumerable.Range(0, 20_000).Select(i => $"{{\"id\":\"a{i}\",\"appRoleId\":\"r\",\"principalId\":\"p{i % 100}\",\"resourceId\":\"res\"}}");
        var path = Path.Combine(temp.Root, "graph", "servicePrincipals.appRoleAssignments.jsonl.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));
            gzip.Write(bytes, 0, bytes.Length);
        }

        var snapshot = temp.Read();

        Assert.Empty(snapshot.Issues);
        Assert.Equal(20_000, snapshot.GraphItems("servicePrincipals.appRoleAssignments").Count);
        Assert.Equal("a19999", snapshot.GraphItems("servicePrincipals.appRoleAssignments")[19_999].GetString("id"));
    }

    [Fact]
    public void A_truncated_gzip_file_is_an_issue_and_the_objects_before_it_are_kept()
    {
        using var temp = new TempSnapshot();
        var path = Path.Combine(temp.Root, "graph", "servicePrincipals.jsonl.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var memory = new MemoryStream())
        {
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
            {
                var bytes = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 5_000).Select(i => $"{{\"id\":\"sp{i}\"}}")));
                gzip.Write(bytes, 0, bytes.Length);
            }

            File.WriteAllBytes(path, memory.ToArray().Take((int)memory.Length / 2).ToArray());
        }

        var snapshot = temp.Read();

        Assert.Single(snapshot.Issues);
        Assert.InRange(snapshot.GraphItems("servicePrincipals").Count, 1, 4_999);
    }

    [Fact]
    public void Inline_and_separate_assignments_are_indexed_once_each_and_inherited_ones_count_for_the_agent()
    {
        var graphSp = $$"""{"id":"{{Guid1}}","appId":"00000003-0000-0000-c000-000000000000","displayName":"Microsoft Graph","appRoles":[{"id":"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8","value":"RoleManagement.ReadWrite.Directory"}]}""";
        var assignment = $$"""{"id":"{{Base64Id}}","appRoleId":"9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8","principalId":"a1","resourceId":"{{Guid1}}"}""";
        var inherited = $$"""{"id":"x","appRoleId":"df021288-bdef-4463-88db-98f22de89214","principalId":"bp","resourceId":"{{Guid1}}"}""";
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", $$"""{"value":[{{graphSp}},{"id":"a1","displayName":"Agent","tags":["AgenticApp"],"appRoleAssignments":[{{assignment}}],"inheritedAppRoleAssignments":[{{inherited}}]}]}""")
            .With("graph/servicePrincipals.appRoleAssignments.json", $$"""{"value":[{{assignment}}]}""");
        var snapshot = temp.Read();
        var directory = GraphDirectory.For(snapshot);

        var held = directory.AppRoleAssignmentsOf("A1");

        Assert.Equal(2, held.Count);
        Assert.All(held, a => Assert.Equal("a1", a.PrincipalId));
        Assert.Equal("bp", held[1].Raw.GetString("principalId"));
        Assert.Equal(2, directory.AppRoleAssignments.Count);
        Assert.Equal(0, AgentPrivilegeAnalyzer.Analyze(snapshot, directory.Agents.Single()).PrivilegeTier);
        Assert.Same(directory, GraphDirectory.For(snapshot));
    }

    [Fact]
    public void Owners_from_sets_and_inline_are_found_by_owned_object_and_unknown_stays_unknown()
    {
        using var temp = new TempSnapshot()
            .With("graph/servicePrincipals.json", """{"value":[{"id":"s1","owners":[{"id":"u2","displayName":"Inline"}]},{"id":"s2"}]}""");
        var directory = GraphDirectory.For(temp.Read());

        Assert.Equal("Inline", Assert.Single(directory.OwnersOf("s1")!).GetString("displayName"));
        Assert.Null(directory.OwnersOf("s2"));

        using var withSet = new TempSnapshot()
            .With("graph/servicePrincipals.json", """{"value":[{"id":"s1","owners":[{"id":"u2","displayName":"Inline"}]},{"id":"s2"}]}""")
            .With("graph/servicePrincipals.owners.json", """{"value":[{"@odata.type":"#microsoft.graph.user","id":"u1","displayName":"Set","ownedObjectId":"s1"}]}""");
        var both = GraphDirectory.For(withSet.Read());

        Assert.Equal(new[] { "Set", "Inline" }, both.OwnersOf("s1")!.Select(o => o.GetString("displayName")));
        Assert.Empty(both.OwnersOf("s2")!);
    }
}
