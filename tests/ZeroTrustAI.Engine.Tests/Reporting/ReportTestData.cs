using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;

namespace ZeroTrustAI.Engine.Tests.Reporting;

/// <summary>A small, varied result set shared by the report writer tests.</summary>
internal static class ReportTestData
{
    public const string TenantId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

    public static readonly DateTimeOffset GeneratedAt = new(2026, 11, 25, 13, 45, 0, TimeSpan.Zero);

    public const string SnapshotSource = "/snapshots/contoso-2026-11-25";

    /// <summary>The run every result of <see cref="Small"/> belongs to: one data set skipped for a permission, one absent.</summary>
    public static readonly RunContext Run = NewRun("0d3f6f7e-1111-4a5b-8c9d-000000000001", TenantId, "Contoso", SnapshotSource);

    public static RunContext NewRun(string runId, string? tenantId, string? tenantName, string? source) => new(
        runId,
        tenantId,
        tenantName,
        source,
        new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 25, 13, 40, 0, TimeSpan.Zero),
        "ZeroTrustAI",
        "9.8.7",
        "ZeroTrustAI 0.1.0",
        "Global",
        [
            new DataSetCoverage("graph/servicePrincipals", CoverageState.Collected, 30),
            new DataSetCoverage("graph/oauth2PermissionGrants", CoverageState.Skipped, missingPermission: "DelegatedPermissionGrant.Read.All", detail: "The identity lacks DelegatedPermissionGrant.Read.All."),
            new DataSetCoverage("arm/Microsoft.Purview/accounts", CoverageState.Absent, detail: "The snapshot has no Azure Resource Manager data (arm/)."),
        ]);

    /// <summary>The same result as one made by hand: no run.</summary>
    public static AssessmentResult WithoutRun(AssessmentResult r) =>
        new(r.ControlId, r.Title, r.Pillar, r.Principle, r.Severity, r.Status, r.ResourceId, r.ResourceName, r.ResourceType, r.Evidence, r.Reason, r.Remediation);

    public static AssessmentResult Result(
        string controlId = "ZTAI-AI-020",
        ResultStatus status = ResultStatus.Fail,
        string resourceName = "oai-contoso-prod",
        Pillar pillar = Pillar.AI,
        Severity severity = Severity.High,
        string reason = "OpenAI account accepts API keys: disableLocalAuth is not true.",
        string resourceType = "Microsoft.CognitiveServices/accounts",
        string? resourceId = null,
        string title = "AI services accept Entra ID only (local key auth disabled)",
        RunContext? run = null,
        params Evidence[] evidence) =>
        new(
            controlId,
            title,
            pillar,
            Principle.VerifyExplicitly,
            severity,
            status,
            resourceId ?? "/subscriptions/b1e0d1a2-0001-4c3b-9a7e-100000000001/resourceGroups/rg-ai-prod/providers/" + resourceType + "/" + resourceName,
            resourceName,
            resourceType,
            evidence,
            reason,
            "Set disableLocalAuth to true.",
            run ?? Run);

    /// <summary>
    /// Seven results: AI 2 Fail + 1 Pass, Data 1 Fail (Critical) + 1 Skipped, Network 1 Warning, plus one tenant-wide
    /// Pass (AI) that names the tenant.
    /// </summary>
    public static IReadOnlyList<AssessmentResult> Small() =>
    [
        Result(evidence: new Evidence("properties.disableLocalAuth", "false", "true")),
        Result(resourceName: "oai-property-absent", evidence: new Evidence("properties.disableLocalAuth", null, "true")),
        Result(status: ResultStatus.Pass, resourceName: "oai-contoso-dev", reason: "OpenAI account accepts Entra ID tokens only.", evidence: new Evidence("properties.disableLocalAuth", "true", "true")),
        Result(
            controlId: "ZTAI-DATA-901",
            title: "Storage | blob \"public\" access",
            pillar: Pillar.Data,
            severity: Severity.Critical,
            resourceName: "stcontoso|rag",
            resourceType: "Microsoft.Storage/storageAccounts",
            reason: "Public blob access is allowed.\nAnyone can read.",
            evidence: new Evidence("properties.allowBlobPublicAccess", "true", "false")),
        Result(controlId: "ZTAI-DATA-902", status: ResultStatus.Skipped, pillar: Pillar.Data, severity: Severity.Medium, resourceName: "Contoso", resourceType: "tenant", resourceId: TenantId, reason: "The data set arm:Microsoft.Purview/accounts was not collected."),
        Result(controlId: "ZTAI-NET-903", status: ResultStatus.Warning, pillar: Pillar.Network, severity: Severity.Medium, resourceName: "vnet-ai-prod", resourceType: "Microsoft.Network/virtualNetworks", reason: "No DDoS protection plan."),
        Result(controlId: "ZTAI-AI-904", status: ResultStatus.Pass, severity: Severity.Low, resourceName: "Contoso", resourceType: "tenant", resourceId: TenantId, reason: "Tenant-wide setting is on."),
    ];

    public static ReportContext Context(Func<string, ControlMetadata?>? lookup = null) => new()
    {
        GeneratedAt = GeneratedAt,
        ToolVersion = "9.8.7",
        ControlLookup = lookup ?? ReportContext.FromCatalog,
    };

    public static string Render(ReportFormat format, IEnumerable<AssessmentResult> results, ReportContext? context = null)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        ReportWriter.Write(format, results, context ?? Context(), text);
        return text.ToString();
    }

    public static byte[] RenderBytes(ReportFormat format, IEnumerable<AssessmentResult> results, ReportContext? context = null)
    {
        using var stream = new MemoryStream();
        ReportWriter.Write(format, results, context ?? Context(), stream);
        return stream.ToArray();
    }
}
