namespace Portal.Tests.Infrastructure;

/// <summary>
/// Tests that need a protocol peer (PostgreSQL, ...) skip on a developer machine without it,
/// and fail under CI=true, where the test script must have started it.
/// </summary>
public static class PeerRequirement
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Require(string variable, string peer)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value)) return value;
        var message = $"{peer} is not available: set {variable} (scripts/test.sh starts a throwaway one).";
        if (InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
        Skip.If(true, message);
        return "";
    }
}
