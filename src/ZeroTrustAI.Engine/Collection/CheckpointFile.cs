using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>What a run records about itself, in checkpoint.json and in manifest.json.</summary>
    internal sealed class RunHeader
    {
        public RunHeader(string tenantId, DateTimeOffset collectedAt, string? scope, string toolName, string toolVersion, CloudInfo cloud)
        {
            TenantId = tenantId;
            CollectedAt = collectedAt;
            Scope = scope;
            ToolName = toolName;
            ToolVersion = toolVersion;
            Cloud = cloud;
        }

        public string TenantId { get; }

        /// <summary>When the first run of the snapshot started (kept across resumes).</summary>
        public DateTimeOffset CollectedAt { get; }

        public string? Scope { get; }

        public string ToolName { get; }

        public string ToolVersion { get; }

        public CloudInfo Cloud { get; }
    }

    /// <summary>What an interrupted run left in checkpoint.json: its tenant, start, scope and each collection's state.</summary>
    internal sealed class SavedCheckpoint
    {
        public SavedCheckpoint(string tenantId, DateTimeOffset collectedAt, string? scope, List<CollectionProgress> collections)
        {
            TenantId = tenantId;
            CollectedAt = collectedAt;
            Scope = scope;
            Collections = collections;
        }

        public string TenantId { get; }

        public DateTimeOffset CollectedAt { get; }

        public string? Scope { get; }

        public List<CollectionProgress> Collections { get; }
    }

    /// <summary>
    /// checkpoint.json: the run header and every collection's status, pages, objects, requests, continuation, error and
    /// missing permission. Written whole and replaced atomically (<see cref="SnapshotWriter.WriteDocument"/>).
    /// </summary>
    internal static class CheckpointFile
    {
        public const string FileName = "checkpoint.json";
        private const int Version = 1;

        public static bool Exists(SnapshotWriter writer) => writer.FileSystem.FileExists(writer.FullPath(FileName));

        public static void Delete(SnapshotWriter writer) => writer.FileSystem.DeleteFile(writer.FullPath(FileName));

        public static void Write(SnapshotWriter writer, RunHeader header, IEnumerable<CollectionProgress> collections)
        {
            writer.WriteDocument(FileName, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("checkpointVersion", Version);
                json.WriteString("tenantId", header.TenantId);
                json.WriteString("collectedAt", SnapshotWriter.FormatTime(header.CollectedAt));
                if (header.Scope != null)
                {
                    json.WriteString("scope", header.Scope);
                }

                json.WriteStartObject("tool");
                json.WriteString("name", header.ToolName);
                json.WriteString("version", header.ToolVersion);
                json.WriteEndObject();
                SnapshotWriter.WriteCloud(json, header.Cloud);
                json.WriteStartArray("collections");
                foreach (var collection in collections)
                {
                    json.WriteStartObject();
                    json.WriteString("name", collection.Name);
                    json.WriteString("status", collection.Status.ToString());
                    json.WriteNumber("pages", collection.Pages);
                    json.WriteNumber("count", collection.Count);
                    json.WriteNumber("requests", collection.Requests);
                    WriteIfSet(json, "continuation", collection.Continuation);
                    WriteIfSet(json, "error", collection.Error);
                    WriteIfSet(json, "missingPermission", collection.MissingPermission);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
        }

        /// <summary>Reads checkpoint.json; throws <see cref="SnapshotException"/> (CheckpointUnreadable) when it cannot.</summary>
        public static SavedCheckpoint Read(SnapshotWriter writer)
        {
            var path = writer.FullPath(FileName);
            try
            {
                using (var stream = writer.FileSystem.OpenRead(path))
                using (var document = JsonDocument.Parse(stream))
                {
                    var root = document.RootElement;
                    var version = root.GetProperty("checkpointVersion").GetInt32();
                    if (version != Version)
                    {
                        throw new FormatException($"checkpointVersion {version} is not {Version}");
                    }

                    var collections = new List<CollectionProgress>();
                    foreach (var item in root.GetProperty("collections").EnumerateArray())
                    {
                        var status = (CollectionProgressStatus)Enum.Parse(typeof(CollectionProgressStatus), item.GetProperty("status").GetString()!, ignoreCase: true);
                        collections.Add(new CollectionProgress(item.GetProperty("name").GetString()!)
                        {
                            Status = status,
                            Pages = item.GetProperty("pages").GetInt32(),
                            Count = item.GetProperty("count").GetInt64(),
                            Requests = item.GetProperty("requests").GetInt64(),
                            Continuation = OptionalString(item, "continuation"),
                            Error = OptionalString(item, "error"),
                            MissingPermission = OptionalString(item, "missingPermission"),
                        });
                    }

                    return new SavedCheckpoint(
                        root.GetProperty("tenantId").GetString()!,
                        DateTimeOffset.Parse(root.GetProperty("collectedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                        OptionalString(root, "scope"),
                        collections);
                }
            }
            catch (Exception exception) when (exception is JsonException || exception is KeyNotFoundException || exception is InvalidOperationException
                                              || exception is FormatException || exception is ArgumentException || exception is OverflowException)
            {
                throw new SnapshotException(
                    CollectionErrorIds.CheckpointUnreadable,
                    $"'{path}' cannot be read ({exception.Message}). Start a new snapshot folder, or rerun with -Force to start over in this one.",
                    path,
                    exception);
            }
        }

        private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }

        private static string? OptionalString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
