using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>
    /// Reads back values (parent ids, subscription ids) from the pages a collection has saved in the snapshot being
    /// written, one page at a time, so a resumed run sees exactly the parents the first run listed, in the same order.
    /// Graph relations and ARM per-parent types alike read their parents this way.
    /// </summary>
    internal static class SavedPageReader
    {
        public static IEnumerable<string> ReadStrings(string root, string collectionName, int pages, Func<JsonElement, string?> select, CancellationToken cancellationToken) =>
            ReadStrings(root, collectionName, 1, pages, select, cancellationToken);

        /// <summary>The objects of saved page <paramref name="page"/> (1-based), each cloned off its file.</summary>
        public static List<JsonElement> ReadItems(string root, string collectionName, int page, CancellationToken cancellationToken)
        {
            var items = new List<JsonElement>();
            ReadPage(root, collectionName, page, item => items.Add(item.Clone()), cancellationToken);
            return items;
        }

        /// <summary>The values of pages <paramref name="firstPage"/> to <paramref name="lastPage"/> (1-based, inclusive).</summary>
        public static IEnumerable<string> ReadStrings(string root, string collectionName, int firstPage, int lastPage, Func<JsonElement, string?> select, CancellationToken cancellationToken)
        {
            for (var page = firstPage; page <= lastPage; page++)
            {
                var values = new List<string>();
                ReadPage(root, collectionName, page, item =>
                {
                    var value = select(item);
                    if (!string.IsNullOrEmpty(value))
                    {
                        values.Add(value!);
                    }
                }, cancellationToken);

                foreach (var value in values)
                {
                    yield return value;
                }
            }
        }

        private static void ReadPage(string root, string collectionName, int page, Action<JsonElement> each, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(root, SnapshotWriter.PagePath(collectionName, page).Replace('/', Path.DirectorySeparatorChar));
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("value", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    each(item);
                }
            }
        }
    }
}
