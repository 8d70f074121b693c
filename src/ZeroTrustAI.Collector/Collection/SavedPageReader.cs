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

        /// <summary>The values of pages <paramref name="firstPage"/> to <paramref name="lastPage"/> (1-based, inclusive).</summary>
        public static IEnumerable<string> ReadStrings(string root, string collectionName, int firstPage, int lastPage, Func<JsonElement, string?> select, CancellationToken cancellationToken)
        {
            for (var page = firstPage; page <= lastPage; page++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Path.Combine(root, SnapshotWriter.PagePath(collectionName, page).Replace('/', Path.DirectorySeparatorChar));
                var values = new List<string>();
                using (var stream = File.OpenRead(path))
                using (var document = JsonDocument.Parse(stream))
                {
                    if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("value", out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in items.EnumerateArray())
                        {
                            var value = select(item);
                            if (!string.IsNullOrEmpty(value))
                            {
                                values.Add(value!);
                            }
                        }
                    }
                }

                foreach (var value in values)
                {
                    yield return value;
                }
            }
        }
    }
}
