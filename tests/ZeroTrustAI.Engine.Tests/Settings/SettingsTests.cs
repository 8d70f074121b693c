using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Tests.Infrastructure;

namespace ZeroTrustAI.Engine.Tests.Settings;

public class SettingsTests
{
    // A fixed clock: no test depends on the day it runs.
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private const string CredentialLifetime = "ZTAI-AI-006";
    private const string Tier0Permissions = "ZTAI-AI-001";
    private const string LongLivedApp = "Contoso Sales Assistant"; // a 730-day certificate
    private const string ShortLivedBlueprint = "Contoso Agent Platform Blueprint"; // a 180-day certificate
    private const string ReadOnlyAgent = "Contoso HR Onboarding Agent"; // User.Read.All and Group.Read.All

    private static Lazy<JsonSchema> Schema { get; } = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema", "settings-" + SettingsReader.SchemaVersion + ".schema.json"))));

    private static string Day(int daysFromNow) => Now.AddDays(daysFromNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Suppression(string controlId, string target, string expiresOn) =>
        $$"""{"suppressions":[{"controlId":"{{controlId}}","target":"{{target}}","justification":"Accepted in CHG-1","owner":"alice@contoso.com","expiresOn":"{{expiresOn}}"}]}""";

    private static string ForControl(string controlId, string entry) => "{\"controls\":{\"" + controlId + "\":" + entry + "}}";

    private static IReadOnlyList<AssessmentResult> Run(string controlId, string settingsJson) =>
        AssessmentEngine.EvaluateControl(Fixtures.Sample, ControlCatalog.Find(controlId)!, SettingsReader.Parse(settingsJson, "test.json"), Now);

    [Fact]
    public void A_suppression_expiring_next_year_suppresses_with_its_terms_in_the_reason()
    {
        Assert.Equal(ResultStatus.Fail, Fixtures.Evaluate(CredentialLifetime, Fixtures.Sample).StatusOf(LongLivedApp));

        var results = Run(CredentialLifetime, Suppression(CredentialLifetime, LongLivedApp, Day(365)));

        var suppressed = results.Single(r => r.ResourceName == LongLivedApp);
        Assert.Equal(ResultStatus.Suppressed, suppressed.Status);
        Assert.Contains("Accepted in CHG-1", suppressed.Reason, StringComparison.Ordinal);
        Assert.Contains("alice@contoso.com", suppressed.Reason, StringComparison.Ordinal);
        Assert.Contains(Day(365), suppressed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(results, r => r.ResourceType == SuppressionTracker.ResultType);
    }

    [Fact]
    public void A_suppression_expiring_yesterday_does_not_suppress_and_is_reported_once()
    {
        var results = Run(CredentialLifetime, Suppression(CredentialLifetime, LongLivedApp, Day(-1)));

        Assert.Equal(ResultStatus.Fail, results.Single(r => r.ResourceName == LongLivedApp && r.ResourceType != SuppressionTracker.ResultType).Status);
        var report = Assert.Single(results, r => r.ResourceType == SuppressionTracker.ResultType);
        Assert.Equal((CredentialLifetime, ResultStatus.Warning, LongLivedApp), (report.ControlId, report.Status, report.ResourceName));
        Assert.Contains("expired on " + Day(-1), report.Reason, StringComparison.Ordinal);
        Assert.Contains("alice@contoso.com", report.Reason, StringComparison.Ordinal);
        Assert.Contains("$.suppressions[0]", report.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suppression_applies_through_its_expiry_day()
    {
        var results = Run(CredentialLifetime, Suppression(CredentialLifetime, LongLivedApp, Day(0)));

        Assert.Equal(ResultStatus.Suppressed, results.StatusOf(LongLivedApp));
    }

    [Theory]
    [InlineData("contoso SALES*")]
    [InlineData("*assistant")]
    [InlineData("F8ED744F-*")]
    [InlineData("f8ed744f-ae2f-4d8b-a191-44e79d975de?")]
    public void Targets_match_id_or_name_with_wildcards_ignoring_case(string target)
    {
        var results = Run(CredentialLifetime, Suppression(CredentialLifetime, target, Day(30)));

        Assert.Equal(ResultStatus.Suppressed, results.StatusOf(LongLivedApp));
        Assert.DoesNotContain(results, r => r.ResourceName == ShortLivedBlueprint && r.Status == ResultStatus.Suppressed);
    }

    [Fact]
    public void A_suppression_that_matches_nothing_is_reported_as_stale()
    {
        var results = Run(CredentialLifetime, Suppression(CredentialLifetime, "no-such-app-*", Day(30)));

        var report = Assert.Single(results, r => r.ResourceType == SuppressionTracker.ResultType);
        Assert.Equal(ResultStatus.Warning, report.Status);
        Assert.Contains("matched no failing or warning result", report.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(results, r => r.Status == ResultStatus.Suppressed);
    }

    [Fact]
    public void Suppressions_of_controls_outside_the_run_are_not_reported()
    {
        var results = Run(Tier0Permissions, Suppression(CredentialLifetime, "no-such-app", Day(-1)));

        Assert.DoesNotContain(results, r => r.ResourceType == SuppressionTracker.ResultType);
    }

    [Fact]
    public void A_severity_override_changes_the_results_not_the_metadata()
    {
        var metadata = ControlCatalog.Find(CredentialLifetime)!.Metadata;
        var overridden = metadata.Severity == Severity.Low ? "High" : "Low";

        var results = Run(CredentialLifetime, ForControl(CredentialLifetime, "{\"severity\":\"" + overridden + "\"}"));

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal(overridden, r.Severity.ToString()));
        Assert.NotEqual(overridden, ControlCatalog.Find(CredentialLifetime)!.Metadata.Severity.ToString());
    }

    [Fact]
    public void The_maximum_credential_age_parameter_changes_the_verdict()
    {
        Assert.Equal(ResultStatus.Pass, Fixtures.Evaluate(CredentialLifetime, Fixtures.Sample).StatusOf(ShortLivedBlueprint));

        var lenient = Run(CredentialLifetime, ForControl(CredentialLifetime, """{"parameters":{"maximumLifetimeDays":800}}"""));
        var strict = Run(CredentialLifetime, ForControl(CredentialLifetime, """{"parameters":{"maximumLifetimeDays":90}}"""));

        Assert.Equal(ResultStatus.Pass, lenient.StatusOf(LongLivedApp));
        Assert.Equal(ResultStatus.Fail, strict.StatusOf(ShortLivedBlueprint));
        Assert.Contains("more than 90 days", strict.Single(r => r.ResourceName == ShortLivedBlueprint).Reason, StringComparison.Ordinal);
        // Settings are in force only for their run: the default comes back afterwards.
        Assert.Equal(ResultStatus.Pass, Fixtures.Evaluate(CredentialLifetime, Fixtures.Sample).StatusOf(ShortLivedBlueprint));
    }

    [Fact]
    public void Extra_tier0_permissions_make_an_agent_fail()
    {
        Assert.Equal(ResultStatus.Pass, Fixtures.Evaluate(Tier0Permissions, Fixtures.Sample).StatusOf(ReadOnlyAgent));

        var results = Run(Tier0Permissions, ForControl(Tier0Permissions, """{"parameters":{"additionalTier0Permissions":["user.read.all"]}}"""));

        var agent = results.Single(r => r.ResourceName == ReadOnlyAgent);
        Assert.Equal(ResultStatus.Fail, agent.Status);
        Assert.Contains("User.Read.All", agent.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_flow_through_a_multi_control_run()
    {
        var settings = SettingsReader.Parse(Suppression(CredentialLifetime, LongLivedApp, Day(10)), "test.json");
        var controls = new[] { ControlCatalog.Find(Tier0Permissions)!, ControlCatalog.Find(CredentialLifetime)! };

        var results = AssessmentEngine.Evaluate(Fixtures.Sample, controls, settings, Now).ToList();

        Assert.Equal(ResultStatus.Suppressed, results.Where(r => r.ControlId == CredentialLifetime).ToList().StatusOf(LongLivedApp));
    }

    public static TheoryData<string, string, string, bool> InvalidFiles => new()
    {
        // json, key, part of the reason, whether the schema alone refuses it too
        { "[1]", "$", "must be an object", true },
        { "{\"suppressions\":[", "$", "not valid JSON", true },
        { "{\"suppresions\":[]}", "$.suppresions", "not a known key", true },
        { "{\"version\":\"2.0\"}", "$.version", "must be \"1.0\"", true },
        { Suppression(CredentialLifetime, LongLivedApp, "2027-02-30"), "$.suppressions[0].expiresOn", "not a date", false },
        { Suppression(CredentialLifetime, LongLivedApp, "next year"), "$.suppressions[0].expiresOn", "not a date", true },
        { Suppression("ZTAI-AI-999", LongLivedApp, "2027-01-01"), "$.suppressions[0].controlId", "no control has the id", false },
        { "{\"suppressions\":[{\"controlId\":\"ZTAI-AI-006\",\"target\":\"x\",\"owner\":\"o\",\"expiresOn\":\"2027-01-01\"}]}", "$.suppressions[0].justification", "is required", true },
        { "{\"suppressions\":[{\"controlId\":\"ZTAI-AI-006\",\"target\":\" \",\"justification\":\"j\",\"owner\":\"o\",\"expiresOn\":\"2027-01-01\"}]}", "$.suppressions[0].target", "non-empty string", true },
        { "{\"controls\":{\"ZTAI-AI-999\":{\"severity\":\"Low\"}}}", "$.controls['ZTAI-AI-999']", "no control has the id", false },
        { "{\"controls\":{\"ZTAI-AI-006\":{\"severity\":\"Urgent\"}}}", "$.controls['ZTAI-AI-006'].severity", "must be one of", true },
        { "{\"controls\":{\"ZTAI-AI-006\":{\"parameters\":{\"maxAgeDays\":90}}}}", "$.controls['ZTAI-AI-006'].parameters.maxAgeDays", "not a known key", true },
        { "{\"controls\":{\"ZTAI-AI-006\":{\"parameters\":{\"maximumLifetimeDays\":\"90\"}}}}", "$.controls['ZTAI-AI-006'].parameters.maximumLifetimeDays", "whole number", true },
        { "{\"controls\":{\"ZTAI-AI-006\":{\"parameters\":{\"maximumLifetimeDays\":0}}}}", "$.controls['ZTAI-AI-006'].parameters.maximumLifetimeDays", "between 1 and 3650", true },
        { "{\"controls\":{\"ZTAI-AI-001\":{\"parameters\":{\"additionalTier0Permissions\":\"Mail.Read\"}}}}", "$.controls['ZTAI-AI-001'].parameters.additionalTier0Permissions", "array of non-empty strings", true },
        { "{\"controls\":{\"ZTAI-AI-002\":{\"parameters\":{\"x\":1}}}}", "$.controls['ZTAI-AI-002'].parameters", "takes no parameters", true },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_files_are_refused_naming_file_key_and_reason(string json, string key, string reason, bool schemaRefuses)
    {
        var exception = Assert.Throws<SettingsException>(() => SettingsReader.Parse(json, "settings.json"));

        Assert.Equal(SettingsException.InvalidErrorId, exception.ErrorId);
        Assert.Equal("settings.json", exception.File);
        Assert.Contains(exception.Errors, e => e.Key == key && e.Reason.Contains(reason, StringComparison.Ordinal));
        Assert.Contains("settings.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
        if (schemaRefuses)
        {
            Assert.False(IsValidBySchema(json), "the schema accepts what the engine refuses");
        }
    }

    [Fact]
    public void A_file_with_one_bad_entry_is_refused_as_a_whole()
    {
        var json = $$"""
        {
          "suppressions": [
            {"controlId":"{{CredentialLifetime}}","target":"{{LongLivedApp}}","justification":"ok","owner":"o","expiresOn":"{{Day(30)}}"},
            {"controlId":"{{CredentialLifetime}}","target":"*","justification":"ok","owner":"o","expiresOn":"soon"}
          ],
          "controls": { "{{CredentialLifetime}}": { "severity": "Low" } }
        }
        """;

        var exception = Assert.Throws<SettingsException>(() => SettingsReader.Parse(json, "settings.json"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal("$.suppressions[1].expiresOn", error.Key);
    }

    [Fact]
    public void A_missing_file_is_refused_as_not_found()
    {
        var path = Path.Combine(Path.GetTempPath(), "zta-settings-" + Guid.NewGuid().ToString("N") + ".json");

        var exception = Assert.Throws<SettingsException>(() => SettingsReader.Read(path));

        Assert.Equal((SettingsException.NotFoundErrorId, path), (exception.ErrorId, exception.File));
    }

    [Fact]
    public void The_documented_example_is_valid_for_the_schema_and_the_engine()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schema", "settings-" + SettingsReader.SchemaVersion + ".example.json");

        var settings = SettingsReader.Read(path);

        Assert.True(IsValidBySchema(File.ReadAllText(path)));
        Assert.NotEmpty(settings.Suppressions);
        Assert.NotEmpty(settings.Controls);
    }

    [Fact]
    public void The_schema_lists_exactly_the_parameters_the_controls_declare()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema", "settings-" + SettingsReader.SchemaVersion + ".schema.json")))!;
        var inSchema = schema["properties"]!["controls"]!["properties"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!["properties"]!["parameters"]!["properties"]!.AsObject().Select(q => q.Key).OrderBy(n => n, StringComparer.Ordinal).ToList());
        var declared = ControlCatalog.All.Where(c => c.Metadata.Parameters.Count > 0)
            .ToDictionary(c => c.Metadata.Id, c => c.Metadata.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList());

        Assert.Equal(declared.Keys.OrderBy(k => k, StringComparer.Ordinal), inSchema.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var control in declared)
        {
            Assert.Equal(control.Value, inSchema[control.Key]);
        }
    }

    [Fact]
    public void Control_pages_list_their_parameters()
    {
        var page = ControlDocumentation.RenderPage(ControlCatalog.Find(CredentialLifetime)!.Metadata);

        Assert.Contains("## Parameters", page, StringComparison.Ordinal);
        Assert.Contains("`maximumLifetimeDays` | integer 1..3650 | `180`", page, StringComparison.Ordinal);
        Assert.DoesNotContain("## Parameters", ControlDocumentation.RenderPage(ControlCatalog.Find("ZTAI-AI-002")!.Metadata), StringComparison.Ordinal);
    }

    private static bool IsValidBySchema(string json)
    {
        System.Text.Json.JsonDocument document;
        try
        {
            document = System.Text.Json.JsonDocument.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        using (document)
        {
            return Schema.Value.Evaluate(document.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid;
        }
    }
}
