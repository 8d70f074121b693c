using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting.Estate;

namespace ZeroTrustAI.Engine.Reporting.Html
{
    /// <summary>
    /// The report's data as one compact JSON value for its script: every string once in a table (<c>s</c>), controls
    /// (<c>c</c>) and targets (<c>t</c>) once, and each result as an array of indexes (<c>r</c>), so 50,000 results
    /// parse in a fraction of a second. Written inside a <c>&lt;script type="application/json"&gt;</c> block, so
    /// &lt; &gt; &amp; and U+2028/U+2029 are escaped: no value can close the block or start markup. Control characters
    /// become U+FFFD, as in the page's HTML.
    /// </summary>
    internal sealed class HtmlReportData
    {
        private readonly Dictionary<string, int> _strings = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _stringList = new List<string>();
        private readonly Dictionary<string, int> _controls = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly List<int[]> _controlRows = new List<int[]>();
        private readonly Dictionary<(string, string, string, string), int> _targets = new Dictionary<(string, string, string, string), int>();
        private readonly List<int[]> _targetRows = new List<int[]>();

        /// <summary>Writes the data of the results (in the order given) and, when there is one, the estate.</summary>
        public static void Write(
            TextWriter output,
            IReadOnlyList<AssessmentResult> results,
            Func<string, string?> controlAnchor,
            Func<RunContext?, string?> tenantLabel,
            EstateModel? estate,
            CancellationToken cancellationToken)
        {
            var data = new HtmlReportData();
            var rows = new List<string>(results.Count);
            var targetOf = new int[results.Count];
            var row = new StringWriter(CultureInfo.InvariantCulture);
            for (var index = 0; index < results.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = results[index];
                targetOf[index] = data.Target(result.ResourceId, result.ResourceName, result.ResourceType, tenantLabel(result.Run));
                row.GetStringBuilder().Clear();
                data.WriteResult(row, result, data.Control(result, controlAnchor), targetOf[index]);
                rows.Add(row.ToString());
            }

            var estateJson = estate == null ? "null" : data.EstateJson(estate, results, targetOf, cancellationToken);

            output.Write("{\"v\":1,\"en\":");
            WriteEnums(output);
            output.Write(",\"c\":");
            WriteRows(output, data._controlRows);
            output.Write(",\"t\":");
            WriteRows(output, data._targetRows);
            output.Write(",\"r\":[");
            for (var i = 0; i < rows.Count; i++)
            {
                if (i > 0)
                {
                    output.Write(',');
                }

                output.Write(rows[i]);
            }

            output.Write("],\"e\":");
            output.Write(estateJson);
            output.Write(",\"s\":[");
            for (var i = 0; i < data._stringList.Count; i++)
            {
                if (i > 0)
                {
                    output.Write(',');
                }

                WriteString(output, data._stringList[i]);
            }

            output.Write("]}");
        }

        /// <summary>The fix to show for a result: (language as a code fence names it, script), or null.</summary>
        internal static (string Language, string Script)? FixOf(AssessmentResult result) =>
            result.Fix == null ? null : (result.Fix.FenceName, result.Fix.Script);

        /// <summary>Writes a JSON string that is also safe inside an HTML script block.</summary>
        internal static void WriteString(TextWriter output, string value)
        {
            output.Write('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"':
                        output.Write("\\\"");
                        break;
                    case '\\':
                        output.Write("\\\\");
                        break;
                    case '\n':
                        output.Write("\\n");
                        break;
                    case '\r':
                        output.Write("\\r");
                        break;
                    case '\t':
                        output.Write("\\t");
                        break;
                    case '<':
                    case '>':
                    case '&':
                    case '\u2028':
                    case '\u2029':
                        Escape(output, c);
                        break;
                    default:
                        if (char.IsControl(c))
                        {
                            // As in the HTML text (HtmlText): control characters have no place in a report.
                            output.Write('\uFFFD');
                        }
                        else
                        {
                            output.Write(c);
                        }

                        break;
                }
            }

            output.Write('"');
        }

        private static void Escape(TextWriter output, char c)
        {
            output.Write("\\u");
            output.Write(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }

        private int String(string? value)
        {
            if (value == null)
            {
                return -1;
            }

            if (!_strings.TryGetValue(value, out var index))
            {
                index = _stringList.Count;
                _stringList.Add(value);
                _strings.Add(value, index);
            }

            return index;
        }

        private int Control(AssessmentResult result, Func<string, string?> anchor)
        {
            var id = result.ControlId ?? string.Empty;
            if (!_controls.TryGetValue(id, out var index))
            {
                index = _controlRows.Count;
                _controls.Add(id, index);
                _controlRows.Add(new[] { String(id), String(result.Title ?? string.Empty), (int)result.Pillar, (int)result.Principle, (int)result.Severity, String(anchor(id)) });
            }

            return index;
        }

        private int Target(string? id, string? name, string? type, string? tenant)
        {
            var key = (id ?? string.Empty, name ?? string.Empty, type ?? string.Empty, tenant ?? string.Empty);
            if (!_targets.TryGetValue(key, out var index))
            {
                index = _targetRows.Count;
                _targets.Add(key, index);
                _targetRows.Add(new[] { String(key.Item1), String(key.Item2), String(key.Item3), String(tenant) });
            }

            return index;
        }

        private void WriteResult(TextWriter output, AssessmentResult result, int control, int target)
        {
            output.Write('[');
            Number(output, control);
            output.Write(',');
            Number(output, (int)result.Status);
            output.Write(',');
            Number(output, (int)result.Severity);
            output.Write(',');
            Number(output, target);
            output.Write(',');
            Number(output, String(result.Reason ?? string.Empty));
            output.Write(',');
            Number(output, string.IsNullOrWhiteSpace(result.Remediation) ? -1 : String(result.Remediation));
            output.Write(',');
            var evidence = (result.Evidence ?? Array.Empty<Evidence>()).Where(e => e != null).ToList();
            if (evidence.Count == 0)
            {
                output.Write('0');
            }
            else
            {
                output.Write('[');
                for (var i = 0; i < evidence.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write(',');
                    }

                    output.Write('[');
                    Number(output, String(evidence[i].Path ?? string.Empty));
                    output.Write(',');
                    Number(output, String(evidence[i].Actual));
                    output.Write(',');
                    Number(output, String(evidence[i].Expected ?? string.Empty));
                    output.Write(']');
                }

                output.Write(']');
            }

            output.Write(',');
            var fix = FixOf(result);
            if (fix == null)
            {
                output.Write('0');
            }
            else
            {
                output.Write('[');
                Number(output, String(fix.Value.Language));
                output.Write(',');
                Number(output, String(fix.Value.Script));
                output.Write(']');
            }

            output.Write(']');
        }

        /// <summary>
        /// The estate: nodes as [kind, label, detail, tier, worst, [result indexes], key], links as [from, to, relation],
        /// paths as [agent node, tier, [[from, relation, to, kind]...], consequence], and ta: the agent node of each target
        /// (-1 for none), so a result links to its agent's paths.
        /// </summary>
        private string EstateJson(EstateModel estate, IReadOnlyList<AssessmentResult> results, int[] targetOf, CancellationToken cancellationToken)
        {
            var byTarget = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < results.Count; i++)
            {
                var id = results[i].ResourceId ?? string.Empty;
                if (!byTarget.TryGetValue(id, out var list))
                {
                    list = new List<int>();
                    byTarget.Add(id, list);
                }

                list.Add(i);
            }

            var json = new StringWriter(CultureInfo.InvariantCulture);
            json.Write("{\"n\":[");
            var nodeOfTarget = Enumerable.Repeat(-1, _targetRows.Count).ToArray();
            var nodeIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var n = 0; n < estate.Nodes.Count; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var node = estate.Nodes[n];
                nodeIndex[node.Key] = n;
                var own = node.Targets
                    .SelectMany(t => byTarget.TryGetValue(t, out var list) ? list : Enumerable.Empty<int>())
                    .Where(i => node.Pillar == null || results[i].Pillar == node.Pillar)
                    .Where(i => node.Mentions == null || Mentions(results[i], node.Mentions))
                    .Distinct()
                    .OrderBy(i => i)
                    .ToList();
                if (node.Kind == EstateNodeKind.Agent)
                {
                    foreach (var i in own)
                    {
                        nodeOfTarget[targetOf[i]] = n;
                    }
                }

                json.Write(n == 0 ? "[" : ",[");
                Number(json, (int)node.Kind);
                json.Write(',');
                Number(json, String(node.Label));
                json.Write(',');
                Number(json, String(node.Detail));
                json.Write(',');
                Number(json, node.Tier);
                json.Write(',');
                Number(json, Worst(own.Select(i => results[i])));
                json.Write(",[");
                json.Write(string.Join(",", own.Select(i => i.ToString(CultureInfo.InvariantCulture))));
                json.Write("],");
                Number(json, String(node.Key));
                json.Write(']');
            }

            json.Write("],\"l\":[");
            for (var e = 0; e < estate.Edges.Count; e++)
            {
                var edge = estate.Edges[e];
                json.Write(e == 0 ? "[" : ",[");
                Number(json, edge.From);
                json.Write(',');
                Number(json, edge.To);
                json.Write(',');
                Number(json, String(edge.Relation));
                json.Write(']');
            }

            json.Write("],\"p\":[");
            var first = true;
            foreach (var path in estate.Paths)
            {
                if (!nodeIndex.TryGetValue(path.AgentId, out var agent))
                {
                    continue;
                }

                json.Write(first ? "[" : ",[");
                first = false;
                Number(json, agent);
                json.Write(',');
                Number(json, path.Tier);
                json.Write(",[");
                for (var s = 0; s < path.Steps.Count; s++)
                {
                    var step = path.Steps[s];
                    json.Write(s == 0 ? "[" : ",[");
                    json.Write(string.Join(",", new[] { String(step.From), String(step.Relation), String(step.To), String(step.ToKind) }.Select(i => i.ToString(CultureInfo.InvariantCulture))));
                    json.Write(']');
                }

                json.Write("],");
                Number(json, String(path.Consequence));
                json.Write(']');
            }

            json.Write("],\"ta\":[");
            json.Write(string.Join(",", nodeOfTarget.Select(i => i.ToString(CultureInfo.InvariantCulture))));
            json.Write("]}");
            return json.ToString();
        }

        private static bool Mentions(AssessmentResult result, string text) =>
            (result.Reason ?? string.Empty).IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0
            || (result.Evidence ?? Array.Empty<Evidence>()).Any(e => e != null && (e.Actual ?? string.Empty).IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>0-4: the severity of the worst failure; 5: a warning; 6: passed; 7: no judged result.</summary>
        internal static int Worst(IEnumerable<AssessmentResult> results)
        {
            var worst = 7;
            foreach (var result in results)
            {
                var rank = result.Status switch
                {
                    ResultStatus.Fail or ResultStatus.Error => (int)result.Severity,
                    ResultStatus.Warning => 5,
                    ResultStatus.Pass => 6,
                    _ => 7,
                };
                worst = Math.Min(worst, rank);
            }

            return worst;
        }

        private static void WriteEnums(TextWriter output)
        {
            output.Write("{\"status\":");
            WriteNames(output, ReportSummary.Statuses.Select(s => s.ToString()));
            output.Write(",\"statusRank\":[");
            output.Write(string.Join(",", ReportSummary.Statuses.Select(s => ReportWriter.StatusRank(s).ToString(CultureInfo.InvariantCulture))));
            output.Write("],\"severity\":");
            WriteNames(output, ReportSummary.Severities.Select(s => s.ToString()));
            output.Write(",\"pillar\":");
            WriteNames(output, ReportSummary.Pillars.Select(p => p.ToString()));
            output.Write(",\"principle\":");
            WriteNames(output, HtmlReportWriter.Principles.Select(p => p.ToString()));
            output.Write(",\"principleLabel\":");
            WriteNames(output, HtmlReportWriter.Principles.Select(ReportWriter.PrincipleLabel));
            output.Write('}');
        }

        private static void WriteNames(TextWriter output, IEnumerable<string> names)
        {
            output.Write('[');
            var first = true;
            foreach (var name in names)
            {
                if (!first)
                {
                    output.Write(',');
                }

                first = false;
                WriteString(output, name);
            }

            output.Write(']');
        }

        private static void WriteRows(TextWriter output, List<int[]> rows)
        {
            output.Write('[');
            for (var i = 0; i < rows.Count; i++)
            {
                output.Write(i == 0 ? "[" : ",[");
                output.Write(string.Join(",", rows[i].Select(v => v.ToString(CultureInfo.InvariantCulture))));
                output.Write(']');
            }

            output.Write(']');
        }

        private static void Number(TextWriter output, int value) => output.Write(value.ToString(CultureInfo.InvariantCulture));
    }
}
