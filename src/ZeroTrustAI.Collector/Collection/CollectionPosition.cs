namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>A collection's manifest name and its place in the plan, for progress reports.</summary>
    internal readonly struct CollectionPosition
    {
        public CollectionPosition(string name, int index, int count)
        {
            Name = name;
            Index = index;
            Count = count;
        }

        public string Name { get; }

        public int Index { get; }

        public int Count { get; }

        public void Report(CollectionCallbacks callbacks, Engine.Collection.CollectionState state) =>
            callbacks.Progress?.Report(new CollectionProgress(Name, Index, Count, state.Count, state.PagesCompleted));
    }
}
