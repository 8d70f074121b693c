using System.Text;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reporting;
using static ZeroTrustAI.Engine.Tests.Reporting.ReportTestData;

namespace ZeroTrustAI.Engine.Tests.Reporting;

public class CsvReportWriterTests
{
    [Fact]
    public void Csv_HasHeaderAndOneRowPerResult()
    {
        var rows = Parse(Render(ReportFormat.Csv, Small()));

        Assert.Equal(CsvReportWriter.Columns, rows[0]);
        Assert.Equal(8, rows.Count);
        Assert.All(rows, row => Assert.Equal(CsvReportWriter.Columns.Count, row.Count));
        var first = Row(rows, "oai-contoso-prod");
        Assert.Equal("ZTAI-AI-020", first["ControlId"]);
        Assert.Equal("Fail", first["Status"]);
        Assert.Equal("High", first["Severity"]);
        Assert.Equal("AI", first["Pillar"]);
        Assert.Equal("VerifyExplicitly", first["Principle"]);
        Assert.Equal("properties.disableLocalAuth: false (expected true)", first["Evidence"]);
        Assert.Equal("properties.disableLocalAuth: (absent) (expected true)", Row(rows, "oai-property-absent")["Evidence"]);
    }

    [Fact]
    public void Csv_QuotesCommasQuotesAndLineBreaks_Rfc4180()
    {
        var text = Render(ReportFormat.Csv, [Result(resourceName: "a,b", title: "say \"hi\"", reason: "line one\r\nline two")]);

        Assert.Contains(",\"say \"\"hi\"\"\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"a,b\",", text, StringComparison.Ordinal);
        Assert.Contains("\"line one\r\nline two\"", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var row = Parse(text)[1];
        Assert.Equal("a,b", row[6]);
        Assert.Equal("say \"hi\"", row[1]);
        Assert.Equal("line one\r\nline two", row[9]);
        Assert.Equal("oai-contoso-prod", Parse(Render(ReportFormat.Csv, [Result()]))[1][6]);
        Assert.DoesNotContain("\"oai-contoso-prod\"", Render(ReportFormat.Csv, [Result()]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(1+1)")]
    [InlineData("\t=1+1")]
    public void Csv_PrefixesFormulaLookingCellsWithApostrophe(string hostile)
    {
        var rows = Parse(Render(ReportFormat.Csv, [Result(resourceName: hostile, reason: hostile, title: hostile)]));

        var row = rows[1];
        Assert.Equal("'" + hostile, row[1]);
        Assert.Equal("'" + hostile, row[6]);
        Assert.Equal("'" + hostile, row[9]);
        Assert.All(row, cell => Assert.DoesNotMatch("^[=+\\-@\\t\\r]", cell));
    }

    [Fact]
    public void Csv_LeavesInnerFormulaCharactersAlone()
    {
        var row = Parse(Render(ReportFormat.Csv, [Result(resourceName: "rg-ai=prod@x")]))[1];
        Assert.Equal("rg-ai=prod@x", row[6]);
    }

    [Fact]
    public void Csv_StreamStartsWithByteOrderMarkForExcel()
    {
        var bytes = RenderBytes(ReportFormat.Csv, Small());

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        Assert.Equal(Render(ReportFormat.Csv, Small()), Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    private static Dictionary<string, string> Row(List<List<string>> rows, string resourceName)
    {
        var header = rows[0];
        var row = rows.Single(r => r[header.IndexOf("ResourceName")] == resourceName);
        return header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => row[x.i]);
    }

    /// <summary>A strict RFC 4180 reader: fails on a stray quote, so a quoting mistake cannot go unnoticed.</summary>
    internal static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "Unterminated quoted field.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(text[i++]);
                }

                Assert.True(i >= text.Length || text[i] == ',' || text[i] == '\r', $"Text after a closing quote at {i}.");
            }
            else
            {
                while (i < text.Length && text[i] != ',' && text[i] != '\r')
                {
                    Assert.True(text[i] != '"' && text[i] != '\n', $"Unquoted field holds a quote or line feed at {i}.");
                    cell.Append(text[i++]);
                }
            }

            row.Add(cell.ToString());
            cell.Clear();
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            Assert.True(i + 1 < text.Length + 1 && text.Substring(i, 2) == "\r\n", $"Record not ended by CRLF at {i}.");
            i += 2;
            rows.Add(row);
            row = new List<string>();
        }

        return rows;
    }
}
