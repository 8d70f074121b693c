using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Reporting
{
    /// <summary>
    /// JUnit XML for the test tabs of CI systems (Azure Pipelines PublishTestResults, GitLab, Jenkins, GitHub test
    /// reporters): one test suite per control, one test case per target. Fail is a failure, Error an error,
    /// Skipped, Not applicable and Suppressed are skipped (with the reason); Pass and Warning pass, a warning's
    /// reason in system-out.
    /// </summary>
    public sealed class JUnitReportWriter : ReportWriter
    {
        public override ReportFormat Format => ReportFormat.JUnit;

        private protected override void WriteCore(IEnumerable<AssessmentResult> results, ReportContext context, TextWriter output, CancellationToken cancellationToken)
        {
            var all = InReadingOrder(results, cancellationToken);
            var settings = new XmlWriterSettings { Indent = true, Encoding = Utf8NoBom, CloseOutput = false };
            using var xml = XmlWriter.Create(output, settings);
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", Clean(context.EffectiveTitle));
            WriteCounts(xml, all);
            xml.WriteAttributeString("time", "0");
            var timestamp = context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            xml.WriteAttributeString("timestamp", timestamp);

            foreach (var control in all.GroupBy(r => r.ControlId, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = control.First();
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", Clean(first.ControlId + " " + first.Title));
                xml.WriteAttributeString("id", Clean(first.ControlId));
                WriteCounts(xml, control.ToList());
                xml.WriteAttributeString("time", "0");
                xml.WriteAttributeString("timestamp", timestamp);
                xml.WriteStartElement("properties");
                WriteProperty(xml, "pillar", first.Pillar.ToString());
                WriteProperty(xml, "severity", first.Severity.ToString());
                WriteProperty(xml, "principle", first.Principle.ToString());
                xml.WriteEndElement();

                foreach (var result in control.OrderBy(r => r.ResourceName, StringComparer.OrdinalIgnoreCase))
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", Clean("ZeroTrustAI." + result.Pillar + "." + result.ControlId));
                    xml.WriteAttributeString("name", Clean(result.ResourceName + " (" + result.ResourceType + ")"));
                    xml.WriteAttributeString("time", "0");
                    var details = Details(result);
                    switch (result.Status)
                    {
                        case ResultStatus.Fail:
                            xml.WriteStartElement("failure");
                            xml.WriteAttributeString("message", Clean(result.Reason));
                            xml.WriteAttributeString("type", result.Severity.ToString());
                            xml.WriteString(Clean(details));
                            xml.WriteEndElement();
                            break;
                        case ResultStatus.Error:
                            xml.WriteStartElement("error");
                            xml.WriteAttributeString("message", Clean(result.Reason));
                            xml.WriteAttributeString("type", "DataUnreadable");
                            xml.WriteString(Clean(details));
                            xml.WriteEndElement();
                            break;
                        case ResultStatus.Skipped:
                        case ResultStatus.NotApplicable:
                        case ResultStatus.Suppressed:
                            xml.WriteStartElement("skipped");
                            xml.WriteAttributeString("message", Clean(StatusLabel(result.Status) + ": " + result.Reason));
                            xml.WriteEndElement();
                            break;
                        case ResultStatus.Warning:
                            xml.WriteElementString("system-out", Clean("Warning: " + details));
                            break;
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        private static void WriteCounts(XmlWriter xml, List<AssessmentResult> results)
        {
            xml.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", results.Count(r => r.Status == ResultStatus.Fail).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("errors", results.Count(r => r.Status == ResultStatus.Error).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("skipped", results.Count(r => r.Status == ResultStatus.Skipped || r.Status == ResultStatus.NotApplicable || r.Status == ResultStatus.Suppressed).ToString(CultureInfo.InvariantCulture));
        }

        private static void WriteProperty(XmlWriter xml, string name, string value)
        {
            xml.WriteStartElement("property");
            xml.WriteAttributeString("name", name);
            xml.WriteAttributeString("value", Clean(value));
            xml.WriteEndElement();
        }

        private static string Details(AssessmentResult result)
        {
            var text = new StringBuilder();
            text.Append(result.Reason).Append('\n');
            text.Append("Target: ").Append(result.ResourceId).Append('\n');
            foreach (var evidence in result.Evidence ?? Array.Empty<Evidence>())
            {
                if (evidence != null)
                {
                    text.Append("Evidence: ").Append(evidence).Append('\n');
                }
            }

            if (!string.IsNullOrWhiteSpace(result.Remediation))
            {
                text.Append("How to fix: ").Append(result.Remediation).Append('\n');
            }

            if (result.Fix != null)
            {
                text.Append("Fix (").Append(result.Fix.FenceName).Append("):\n").Append(result.Fix.Script).Append('\n');
            }

            return text.ToString();
        }

        /// <summary>Characters XML 1.0 cannot hold (most control characters, lone surrogates) become U+FFFD.</summary>
        internal static string Clean(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return string.Empty;
            }

            var text = new StringBuilder(value!.Length);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    text.Append(c).Append(value[++i]);
                }
                else if (XmlConvert.IsXmlChar(c))
                {
                    text.Append(c);
                }
                else
                {
                    text.Append('\uFFFD');
                }
            }

            return text.ToString();
        }
    }
}
