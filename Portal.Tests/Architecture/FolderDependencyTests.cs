namespace Portal.Tests.Architecture;

/// <summary>Dependencies between folders point one way, so a newcomer can read the code bottom-up without loops.</summary>
public sealed class FolderDependencyTests
{
    /// <summary>
    /// The EF model (the context and its mapping) names every capability's entities: that is what a model is, and
    /// every capability reaches the database through it. Those two places are the one sanctioned way back into
    /// the capabilities; everything else in Data (and everywhere else) must not close a loop.
    /// </summary>
    private static bool IsEntityModel(string file) =>
        file == "Portal.Engine/Data/PortalDbContext.cs" || file.StartsWith("Portal.Engine/Data/Configurations/", StringComparison.Ordinal);

    private static Dictionary<string, SortedSet<string>> Graph()
    {
        var files = SourceTree.Files("Portal", "Portal.Engine").ToList();
        var units = files.Select(SourceTree.UnitOf).OfType<string>().Distinct().ToList();
        var graph = units.ToDictionary(u => u, _ => new SortedSet<string>());
        foreach (var file in files)
        {
            if (SourceTree.UnitOf(file) is not { } from || IsEntityModel(file)) continue;
            foreach (var imported in SourceTree.Imports(file))
            {
                // The most specific unit whose namespace the import is, or is inside.
                var to = units.Where(u => imported == SourceTree.NamespaceOf(u) || imported.StartsWith(SourceTree.NamespaceOf(u) + ".", StringComparison.Ordinal))
                    .MaxBy(u => SourceTree.NamespaceOf(u).Length);
                if (to is not null && to != from) graph[from].Add(to);
            }
        }
        return graph;
    }

    [Fact]
    public void No_folder_imports_a_folder_that_imports_it_back()
    {
        var graph = Graph();
        var loops = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => string.Join(" <-> ", c.Order())).ToList();
        Assert.True(loops.Count == 0, "Import loops between folders: " + string.Join("; ", loops));
    }

    [Fact]
    public void The_engine_never_imports_the_host()
    {
        var offending = SourceTree.Files("Portal.Engine")
            .Where(f => SourceTree.Imports(f).Any(n => n == "Portal" || (n.StartsWith("Portal.", StringComparison.Ordinal) && !n.StartsWith("Portal.Engine", StringComparison.Ordinal))))
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void The_check_sees_an_import_loop_when_there_is_one()
    {
        var graph = new Dictionary<string, SortedSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };
        var loops = StronglyConnected(graph).Where(c => c.Count > 1).ToList();
        Assert.Equal(["A", "B", "C"], Assert.Single(loops).Order());
    }

    [Fact]
    public void The_check_sees_qualified_and_injected_references_but_not_comments()
    {
        const string source = """
            namespace Portal.Engine.Ordering;
            // Images.ImageAsset is only mentioned in a comment.
            public sealed class Example(Catalog.CatalogItem item, Storage.NoSuchType unknown)
            {
                private static readonly Type Kind = typeof(global::Portal.Engine.Logistics.LogisticsService);
            }
            """;
        var imports = SourceTree.ImportsIn("Engine.Ordering", source).ToHashSet();
        Assert.Contains("Portal.Engine.Catalog", imports);
        Assert.Contains("Portal.Engine.Logistics", imports);
        Assert.DoesNotContain("Portal.Engine.Images", imports);
        Assert.DoesNotContain("Portal.Engine.Storage", imports); // Storage declares no NoSuchType: not a type reference
        Assert.Contains("Portal.Engine.Catalog", SourceTree.ImportsIn("Features.Catalog", "@inject Portal.Engine.Catalog.CatalogService Catalog"));
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, SortedSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string popped;
            do { popped = stack.Pop(); onStack.Remove(popped); component.Add(popped); } while (popped != v);
            components.Add(component);
        }

        foreach (var v in graph.Keys.Order())
            if (!index.ContainsKey(v)) Visit(v);
        return components;
    }
}
