using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZeroTrustAI.Engine.Controls.Data;
using ZeroTrustAI.Engine.Reporting;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>What one Purview cmdlet gave: its objects (JSON array text) or why it was not run.</summary>
    public sealed class PurviewCmdletOutput
    {
        private PurviewCmdletOutput(string cmdlet, string? json, int count, string? error)
        {
            Cmdlet = cmdlet;
            Json = json;
            Count = count;
            Error = error;
        }

        public string Cmdlet { get; }

        /// <summary>The cmdlet's objects as a JSON array (ConvertTo-Json output); null when it was not run.</summary>
        public string? Json { get; }

        public int Count { get; }

        /// <summary>Why the cmdlet was not run or failed; null when it ran.</summary>
        public string? Error { get; }

        public static PurviewCmdletOutput Ran(string cmdlet, string json, int count) => new PurviewCmdletOutput(cmdlet, json, count, null);

        public static PurviewCmdletOutput NotRun(string cmdlet, string error) => new PurviewCmdletOutput(cmdlet, null, 0, error);
    }

    /// <summary>
    /// Saves the output of the read-only Purview cmdlets (<see cref="PurviewCmdlets.All"/>) into a snapshot:
    /// purview/&lt;cmdlet&gt;.json each, and one manifest record per cmdlet (complete with its count, or skipped with why),
    /// so a control without the output reports Skipped with the reason.
    /// </summary>
    public static class PurviewOutput
    {
        /// <summary>The file a cmdlet's output is saved to, relative to the snapshot folder.</summary>
        public static string FileOf(string cmdlet) => DataSets.Purview(cmdlet) + ".json";

        public static void Save(string snapshotFolder, IEnumerable<PurviewCmdletOutput> outputs)
        {
            if (snapshotFolder == null)
            {
                throw new ArgumentNullException(nameof(snapshotFolder));
            }

            var manifestPath = Path.Combine(snapshotFolder, "manifest.json");
            var manifest = File.Exists(manifestPath)
                ? JsonNode.Parse(File.ReadAllText(manifestPath)) as JsonObject ?? new JsonObject()
                : new JsonObject { ["schemaVersion"] = 1 };
            if (!(manifest["collections"] is JsonObject collections))
            {
                collections = new JsonObject();
                manifest["collections"] = collections;
            }

            foreach (var output in outputs ?? throw new ArgumentNullException(nameof(outputs)))
            {
                var record = new JsonObject();
                if (output.Json != null)
                {
                    // The text must be JSON: a cmdlet whose output cannot be read must not leave a file that fails the snapshot.
                    using (JsonDocument.Parse(output.Json))
                    {
                    }

                    var bytes = Encoding.UTF8.GetBytes(output.Json);
                    AtomicFile.Write(Path.Combine(snapshotFolder, FileOf(output.Cmdlet).Replace('/', Path.DirectorySeparatorChar)), stream => stream.Write(bytes, 0, bytes.Length));
                    record["status"] = "complete";
                    record["count"] = output.Count;
                }
                else
                {
                    record["status"] = "skipped";
                    record["error"] = output.Error;
                }

                collections[DataSets.Purview(output.Cmdlet)] = record;
            }

            AtomicFile.Write(manifestPath, stream =>
            {
                using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                manifest.WriteTo(writer);
            });
        }
    }
}
