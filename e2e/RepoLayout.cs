namespace Portal.E2E;

/// <summary>Finds the repository and the build configuration the tests were built with.</summary>
public static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release", read from this assembly's output path (…/bin/Debug/net10.0/).</summary>
    public static string Configuration { get; } = DetectConfiguration();

    public static string PortalProjectDir => Path.Combine(Root, "Portal");

    public static string PortalDll => Path.Combine(PortalProjectDir, "bin", Configuration, "net10.0", "Portal.dll");

    public static string ArtifactsDir => Path.Combine(Root, "e2e", "artifacts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No folder containing Portal.sln above {AppContext.BaseDirectory}.");
    }

    private static string DetectConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
    }
}
