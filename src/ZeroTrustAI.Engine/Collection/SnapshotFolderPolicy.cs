using System;
using System.Collections.Generic;
using System.Linq;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Collection
{
    /// <summary>
    /// Which folder a collection may write to: a new run needs an empty or absent folder (or <c>-Force</c>, which removes
    /// only the snapshot's own files), and a resume needs the checkpoint of an interrupted run for the same tenant and
    /// the same collections. Refusals are <see cref="SnapshotException"/>s with an id from <see cref="CollectionErrorIds"/>.
    /// </summary>
    internal static class SnapshotFolderPolicy
    {
        /// <summary>The snapshot's own entries: what -Force removes, as anything left would be read with the new snapshot.</summary>
        private static readonly string[] SnapshotFolders = { "graph", "arm", "purview" };

        /// <summary>Makes the folder ready for a new run: created, and emptied of an earlier snapshot when <paramref name="force"/>.</summary>
        public static void PrepareNewRun(SnapshotWriter writer, bool force)
        {
            var fs = writer.FileSystem;
            if (fs.DirectoryExists(writer.Root) && fs.EnumerateEntries(writer.Root).Any())
            {
                if (!force)
                {
                    throw new SnapshotException(
                        CollectionErrorIds.SnapshotFolderNotEmpty,
                        CheckpointFile.Exists(writer)
                            ? $"'{writer.Root}' holds an interrupted collection (checkpoint.json). Continue it with -Resume, or start over with -Force."
                            : $"'{writer.Root}' is not empty. Choose a new folder, or use -Force to replace the snapshot in it.",
                        writer.Root);
                }

                fs.DeleteFile(writer.FullPath(SnapshotWriter.ManifestFileName));
                CheckpointFile.Delete(writer);
                foreach (var folder in SnapshotFolders)
                {
                    fs.DeleteDirectory(writer.FullPath(folder));
                }

                writer.DeleteTemporaryFiles();
            }

            fs.CreateDirectory(writer.Root);
        }

        /// <summary>
        /// The interrupted run recorded in the folder, checked against this one (same tenant, same collections), with
        /// what it had not recorded removed: temporary files, and pages written after the last checkpoint update, which
        /// the resumed run requests again.
        /// </summary>
        public static SavedCheckpoint OpenForResume(SnapshotWriter writer, string tenantId, IReadOnlyList<string> names)
        {
            if (!CheckpointFile.Exists(writer))
            {
                var finished = writer.FileSystem.FileExists(writer.FullPath(SnapshotWriter.ManifestFileName));
                throw new SnapshotException(
                    CollectionErrorIds.ResumeNothingToResume,
                    finished
                        ? $"The snapshot in '{writer.Root}' is already complete (it has manifest.json and no checkpoint.json); there is nothing to resume."
                        : $"'{writer.Root}' has no checkpoint.json: there is no interrupted collection to resume. Run without -Resume to start one.",
                    writer.Root);
            }

            var saved = CheckpointFile.Read(writer);
            RequireSameRun(writer, saved, tenantId, names);
            writer.DeleteTemporaryFiles();
            foreach (var collection in saved.Collections)
            {
                writer.DeletePagesAbove(collection.Name, collection.Pages);
            }

            return saved;
        }

        private static void RequireSameRun(SnapshotWriter writer, SavedCheckpoint saved, string tenantId, IReadOnlyList<string> names)
        {
            var problems = new List<string>();
            if (!string.Equals(saved.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"it is for tenant {saved.TenantId}, not {tenantId}");
            }

            var savedNames = new HashSet<string>(saved.Collections.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
            var missing = names.Where(n => !savedNames.Contains(n)).ToList();
            var extra = saved.Collections.Select(c => c.Name).Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                var scope = saved.Scope != null ? $" ({saved.Scope})" : string.Empty;
                var detail = new List<string>();
                if (missing.Count > 0)
                {
                    detail.Add("this run also needs " + string.Join(", ", missing));
                }

                if (extra.Count > 0)
                {
                    detail.Add("the checkpoint also has " + string.Join(", ", extra));
                }

                problems.Add($"it collects another set of data{scope}: {string.Join("; ", detail)}");
            }

            if (problems.Count > 0)
            {
                throw new SnapshotException(
                    CollectionErrorIds.ResumeMismatch,
                    $"Cannot resume the collection in '{writer.Root}': {string.Join(", and ", problems)}. Resume with the same tenant and -Pillar, or start a new snapshot folder.",
                    writer.Root);
            }
        }
    }
}
