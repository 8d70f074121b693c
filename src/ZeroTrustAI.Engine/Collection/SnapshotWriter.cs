using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>
    /// Writes the objects of one page into the page file as they come. Objects go straight to the file through a
    /// small buffer, so a page of any size never sits in memory as one string.
    /// </summary>
    public sealed class PageItemWriter
    {
        private const int FlushThreshold = 64 * 1024;

        private readonly Utf8JsonWriter _json;

        internal PageItemWriter(Utf8JsonWriter json)
        {
            _json = json;
        }

        /// <summary>Objects written so far.</summary>
        public int Count { get; private set; }

        /// <summary>Adds one object as it is.</summary>
        public void Add(JsonElement item)
        {
            RequireObject(item);
            item.WriteTo(_json);
            Written();
        }

        /// <summary>
        /// Adds one object with one more string property, e.g. <c>ownedObjectId</c> on an owner returned by a per-object
        /// relation. A property of that name already in the object is replaced.
        /// </summary>
        public void Add(JsonElement item, string propertyName, string propertyValue)
        {
            RequireObject(item);
            _json.WriteStartObject();
            foreach (var property in item.EnumerateObject())
            {
                if (!string.Equals(property.Name, propertyName, StringComparison.Ordinal))
                {
                    property.WriteTo(_json);
                }
            }

            _json.WriteString(propertyName, propertyValue);
            _json.WriteEndObject();
            Written();
        }

        private static void RequireObject(JsonElement item)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"A snapshot page holds JSON objects; got {item.ValueKind}.", nameof(item));
            }
        }

        private void Written()
        {
            Count++;
            if (_json.BytesPending >= FlushThreshold)
            {
                _json.Flush();
            }
        }
    }

    /// <summary>The cloud a snapshot was collected from, as manifest.json records it.</summary>
    public sealed class CloudInfo
    {
        public static CloudInfo Global { get; } = new CloudInfo("Global", "https://graph.microsoft.com", "https://management.azure.com", "https://login.microsoftonline.com");

        public CloudInfo(string name, string? graphEndpoint, string? armEndpoint, string? loginEndpoint)
        {
            Name = name;
            GraphEndpoint = graphEndpoint;
            ArmEndpoint = armEndpoint;
            LoginEndpoint = loginEndpoint;
        }

        public string Name { get; }
        public string? GraphEndpoint { get; }
        public string? ArmEndpoint { get; }
        public string? LoginEndpoint { get; }
    }

    /// <summary>
    /// The strict side of the snapshot format: writes page files (<c>graph/&lt;set&gt;.&lt;n&gt;.json</c>,
    /// <c>arm/&lt;type with / as .&gt;.&lt;n&gt;.json</c>, each <c>{"value":[...]}</c>) and JSON documents such as
    /// manifest.json. Every file is written to <c>&lt;name&gt;.tmp</c>, flushed to disk and renamed over its final
    /// name, so a crash leaves either the old file or the new one, never a torn one. The reader ignores <c>.tmp</c>.
    /// </summary>
    public sealed class SnapshotWriter
    {
        public const string TempSuffix = ".tmp";
        public const string ManifestFileName = "manifest.json";

        private static readonly Regex SafeStem = new Regex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant);
        private static readonly JsonWriterOptions CompactJson = new JsonWriterOptions { Indented = false, SkipValidation = false };
        private static readonly JsonWriterOptions IndentedJson = new JsonWriterOptions { Indented = true };

        public SnapshotWriter(string root, ISnapshotFileSystem? fileSystem = null)
        {
            Root = Path.GetFullPath(root);
            FileSystem = fileSystem ?? PhysicalSnapshotFileSystem.Instance;
        }

        public string Root { get; }

        public ISnapshotFileSystem FileSystem { get; }

        /// <summary>The folder and file-name stem of a collection's pages: ("graph", "servicePrincipals"), ("arm", "Microsoft.KeyVault.vaults").</summary>
        public static (string Folder, string Stem) PageLocation(string collectionName)
        {
            if (collectionName == null)
            {
                throw new ArgumentNullException(nameof(collectionName));
            }

            string folder;
            string stem;
            if (collectionName.StartsWith(DataSets.GraphPrefix, StringComparison.OrdinalIgnoreCase))
            {
                folder = "graph";
                stem = collectionName.Substring(DataSets.GraphPrefix.Length);
            }
            else if (collectionName.StartsWith(DataSets.ArmPrefix, StringComparison.OrdinalIgnoreCase))
            {
                folder = "arm";
                stem = collectionName.Substring(DataSets.ArmPrefix.Length).Replace('/', '.');
            }
            else
            {
                throw new ArgumentException($"'{collectionName}' is not a collection name: expected graph/<set> or arm/<resource type>.", nameof(collectionName));
            }

            if (!SafeStem.IsMatch(stem) || stem.EndsWith(".", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{collectionName}' cannot be a file name: use letters, digits, '.', '_', '-' and '/' only.", nameof(collectionName));
            }

            return (folder, stem);
        }

        /// <summary>The page file's path relative to the snapshot root, with '/' (pages are numbered from 1).</summary>
        public static string PagePath(string collectionName, int page)
        {
            if (page < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(page), page, "Pages are numbered from 1.");
            }

            var (folder, stem) = PageLocation(collectionName);
            return folder + "/" + stem + "." + page.ToString(CultureInfo.InvariantCulture) + ".json";
        }

        /// <summary>
        /// Writes page <paramref name="page"/> of a collection atomically. <paramref name="writeItems"/> adds the objects
        /// and returns what the caller needs back (typically the next link, read at the end of the response). When it
        /// throws, the temporary file is removed and no page file is created or changed.
        /// </summary>
        public T WritePage<T>(string collectionName, int page, Func<PageItemWriter, T> writeItems, out int count)
        {
            if (writeItems == null)
            {
                throw new ArgumentNullException(nameof(writeItems));
            }

            var result = default(T)!;
            var written = 0;
            WriteAtomically(PagePath(collectionName, page), CompactJson, json =>
            {
                json.WriteStartObject();
                json.WritePropertyName("value");
                json.WriteStartArray();
                var items = new PageItemWriter(json);
                result = writeItems(items);
                json.WriteEndArray();
                json.WriteEndObject();
                written = items.Count;
            });
            count = written;
            return result;
        }

        /// <summary>The page numbers of a collection's page files on disk, whether recorded or not.</summary>
        public IReadOnlyList<int> ExistingPages(string collectionName)
        {
            var (folder, stem) = PageLocation(collectionName);
            var directory = Path.Combine(Root, folder);
            if (!FileSystem.DirectoryExists(directory))
            {
                return Array.Empty<int>();
            }

            var pattern = new Regex("^" + Regex.Escape(stem) + @"\.(\d+)\.json$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
            var pages = new List<int>();
            foreach (var entry in FileSystem.EnumerateEntries(directory))
            {
                var match = pattern.Match(Path.GetFileName(entry));
                if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var page))
                {
                    pages.Add(page);
                }
            }

            pages.Sort();
            return pages;
        }

        /// <summary>Deletes the collection's page files numbered above <paramref name="keep"/> (all of them for 0).</summary>
        public void DeletePagesAbove(string collectionName, int keep)
        {
            foreach (var page in ExistingPages(collectionName).Where(p => p > keep))
            {
                FileSystem.DeleteFile(FullPath(PagePath(collectionName, page)));
            }
        }

        /// <summary>Removes leftover temporary files of an interrupted write (root, graph/, arm/).</summary>
        public void DeleteTemporaryFiles()
        {
            foreach (var directory in new[] { Root, Path.Combine(Root, "graph"), Path.Combine(Root, "arm") })
            {
                if (!FileSystem.DirectoryExists(directory))
                {
                    continue;
                }

                foreach (var entry in FileSystem.EnumerateEntries(directory).ToList())
                {
                    if (entry.EndsWith(TempSuffix, StringComparison.OrdinalIgnoreCase) && FileSystem.FileExists(entry))
                    {
                        FileSystem.DeleteFile(entry);
                    }
                }
            }
        }

        /// <summary>Writes a small JSON document (manifest, checkpoint) atomically, indented for people.</summary>
        public void WriteDocument(string relativePath, Action<Utf8JsonWriter> write) => WriteAtomically(relativePath, IndentedJson, write);

        internal void WriteManifest(
            string tenantId,
            DateTimeOffset collectedAt,
            string toolName,
            string toolVersion,
            CloudInfo cloud,
            string? scope,
            IEnumerable<CollectionProgress> collections)
        {
            WriteDocument(ManifestFileName, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("schemaVersion", SnapshotManifest.CurrentSchemaVersion);
                json.WriteString("tenantId", tenantId);
                json.WriteString("collectedAt", FormatTime(collectedAt));
                json.WriteStartObject("tool");
                json.WriteString("name", toolName);
                json.WriteString("version", toolVersion);
                json.WriteEndObject();
                WriteCloud(json, cloud);
                if (scope != null)
                {
                    json.WriteString("scope", scope);
                }

                json.WriteStartObject("collections");
                foreach (var collection in collections)
                {
                    json.WriteStartObject(collection.Name);
                    json.WriteString("status", ManifestStatus(collection));
                    json.WriteNumber("count", collection.Count);
                    json.WriteNumber("requests", collection.Requests);
                    var error = ManifestError(collection);
                    if (error != null)
                    {
                        json.WriteString("error", error);
                    }

                    if (collection.MissingPermission != null)
                    {
                        json.WriteString("missingPermission", collection.MissingPermission);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            });
        }

        internal static void WriteCloud(Utf8JsonWriter json, CloudInfo cloud)
        {
            json.WriteStartObject("cloud");
            json.WriteString("name", cloud.Name);
            WriteIfSet(json, "graphEndpoint", cloud.GraphEndpoint);
            WriteIfSet(json, "armEndpoint", cloud.ArmEndpoint);
            WriteIfSet(json, "loginEndpoint", cloud.LoginEndpoint);
            json.WriteEndObject();
        }

        internal static string FormatTime(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        internal string FullPath(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>What the manifest says of a collection: only a finished one is complete; anything unfinished is partial.</summary>
        private static string ManifestStatus(CollectionProgress collection) => collection.Status switch
        {
            CollectionProgressStatus.Complete => "complete",
            CollectionProgressStatus.Skipped => "skipped",
            CollectionProgressStatus.Failed when collection.Pages == 0 => "failed",
            _ => "partial",
        };

        private static string? ManifestError(CollectionProgress collection) => collection.Status switch
        {
            CollectionProgressStatus.Pending => "Not collected yet: the collection was interrupted before it started; run Save-ZtaiSnapshot -Resume to finish it.",
            CollectionProgressStatus.InProgress => $"Interrupted after {collection.Pages.ToString(CultureInfo.InvariantCulture)} page(s); run Save-ZtaiSnapshot -Resume to finish it.",
            _ => collection.Error,
        };

        private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }

        private void WriteAtomically(string relativePath, JsonWriterOptions options, Action<Utf8JsonWriter> write)
        {
            var finalPath = FullPath(relativePath);
            var directory = Path.GetDirectoryName(finalPath);
            if (directory != null && !FileSystem.DirectoryExists(directory))
            {
                FileSystem.CreateDirectory(directory);
            }

            var tempPath = finalPath + TempSuffix;
            try
            {
                using (var stream = FileSystem.Create(tempPath))
                {
                    using (var json = new Utf8JsonWriter(stream, options))
                    {
                        write(json);
                        json.Flush();
                    }

                    FileSystem.FlushToDisk(stream);
                }

                FileSystem.MoveReplacing(tempPath, finalPath);
            }
            catch
            {
                TryDelete(tempPath);
                throw;
            }
        }

        private void TryDelete(string path)
        {
            try
            {
                FileSystem.DeleteFile(path);
            }
            catch (IOException)
            {
                // The leftover .tmp is ignored by the reader and removed when the collection is resumed.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }
}
