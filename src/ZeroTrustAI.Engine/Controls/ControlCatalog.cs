using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace ZeroTrustAI.Engine.Controls
{
    /// <summary>The built-in controls, found once by reflection and ordered by id.</summary>
    public static class ControlCatalog
    {
        private static readonly Lazy<IReadOnlyList<Control>> BuiltIn = new Lazy<IReadOnlyList<Control>>(() => Discover(typeof(ControlCatalog).Assembly));

        public static IReadOnlyList<Control> All => BuiltIn.Value;

        /// <summary>The control with this id (ignoring case), or null.</summary>
        public static Control? Find(string id) =>
            All.FirstOrDefault(c => string.Equals(c.Metadata.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>Every concrete <see cref="Control"/> with a public parameterless constructor in an assembly.</summary>
        public static IReadOnlyList<Control> Discover(Assembly assembly)
        {
            var controls = assembly.GetTypes()
                .Where(t => typeof(Control).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
                .Select(t => (Control)Activator.CreateInstance(t)!)
                .OrderBy(c => c.Metadata.Id, StringComparer.Ordinal)
                .ToList();

            var duplicate = controls.GroupBy(c => c.Metadata.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new InvalidOperationException($"Two controls share the id {duplicate.Key}.");
            }

            return controls;
        }
    }
}
