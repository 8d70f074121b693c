using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>How a <see cref="ResultRow"/> column is typed, named as Azure Data Explorer and Log Analytics name it.</summary>
    public enum ResultRowType
    {
        /// <summary>Text, or null (Kusto <c>string</c>).</summary>
        Text,

        /// <summary>A UTC time as ISO 8601 text (yyyy-MM-ddTHH:mm:ssZ), or null (Kusto <c>datetime</c>).</summary>
        Time,
    }

    /// <summary>One column of the flat result row: its name, type, meaning and how it is read from a result.</summary>
    public sealed class ResultRowColumn
    {
        internal ResultRowColumn(string name, ResultRowType type, string meaning, Func<AssessmentResult, string?> value)
        {
            Name = name;
            Type = type;
            Meaning = meaning;
            Value = value;
        }

        /// <summary>The JSON property name, which is also the table column name.</summary>
        public string Name { get; }

        public ResultRowType Type { get; }

        public string Meaning { get; }

        /// <summary>The type as Kusto writes it (<c>string</c>, <c>datetime</c>), for <c>.create table</c> and data collection rules.</summary>
        public string KustoType => Type == ResultRowType.Time ? "datetime" : "string";

        internal Func<AssessmentResult, string?> Value { get; }
    }

    /// <summary>
    /// The flat, schema-stable row written per result by the Jsonl format: every row has every column, in this order,
    /// null where a value is unknown. This list is the schema: docs/report-formats.md and docs/scale-out.md are
    /// checked against it. Columns are only ever added at the end.
    /// </summary>
    public static class ResultRow
    {
        private static readonly ResultRowColumn[] AllColumns =
        {
            new ResultRowColumn("tenantId", ResultRowType.Text, "the tenant the snapshot came from, when known", r => r.Run?.TenantId),
            new ResultRowColumn("tenantName", ResultRowType.Text, "the tenant's display name, when known", r => r.Run?.TenantName),
            new ResultRowColumn("runId", ResultRowType.Text, "the assessment run (a GUID, new for every assessment)", r => r.Run?.RunId),
            new ResultRowColumn("collectedAt", ResultRowType.Time, "when the snapshot was collected, from its manifest; null for a snapshot made by hand", r => ReportRuns.IsoTime(r.Run?.CollectedAt)),
            new ResultRowColumn("assessedAt", ResultRowType.Time, "when the assessment ran", r => ReportRuns.IsoTime(r.Run?.AssessedAt)),
            new ResultRowColumn("toolVersion", ResultRowType.Text, "the ZeroTrustAI version that assessed", r => r.Run?.ToolVersion),
            new ResultRowColumn("controlId", ResultRowType.Text, "the control, e.g. ZTAI-AI-020", r => r.ControlId),
            new ResultRowColumn("title", ResultRowType.Text, "the control's title", r => r.Title),
            new ResultRowColumn("pillar", ResultRowType.Text, "AI, Data or Network", r => r.Pillar.ToString()),
            new ResultRowColumn("principle", ResultRowType.Text, "VerifyExplicitly, LeastPrivilege or AssumeBreach", r => r.Principle.ToString()),
            new ResultRowColumn("severity", ResultRowType.Text, "Critical, High, Medium, Low or Informational", r => r.Severity.ToString()),
            new ResultRowColumn("status", ResultRowType.Text, "Pass, Fail, Warning, NotApplicable, Skipped, Error or Suppressed", r => r.Status.ToString()),
            new ResultRowColumn("targetId", ResultRowType.Text, "the target's id: an Azure resource id, a directory object id, or the tenant id", r => r.ResourceId),
            new ResultRowColumn("targetName", ResultRowType.Text, "the target's name", r => r.ResourceName),
            new ResultRowColumn("targetType", ResultRowType.Text, "the target's type, e.g. Microsoft.CognitiveServices/accounts, servicePrincipal, tenant", r => r.ResourceType),
            new ResultRowColumn("reason", ResultRowType.Text, "one line saying why the status was given", r => r.Reason),
            new ResultRowColumn("evidence", ResultRowType.Text, "the evidence as JSON text: an array of {path, actual, expected} as in the JSON report; parse it with parse_json()", EvidenceJson.Of),
            new ResultRowColumn("remediation", ResultRowType.Text, "how to fix; empty for results that passed or are not applicable", r => r.Remediation),
            new ResultRowColumn("fix", ResultRowType.Text, "a runnable fix for this target (failed and warned results; az CLI, PowerShell or Bicep, never run by the module); null otherwise", r => r.Fix?.Script),
        };

        /// <summary>The columns, in the order every row writes them.</summary>
        public static IReadOnlyList<ResultRowColumn> Columns { get; } = new ReadOnlyCollection<ResultRowColumn>(AllColumns);

        /// <summary>The column names, in order.</summary>
        public static IReadOnlyList<string> ColumnNames { get; } = new ReadOnlyCollection<string>(AllColumns.Select(c => c.Name).ToArray());
    }
}
