using System.ComponentModel.DataAnnotations;

namespace Portal.Engine.Analytics.Console;

/// <summary>Settings under <c>Analytics:Console</c>.</summary>
public sealed class SqlConsoleOptions
{
    public const string Section = "Analytics:Console";

    /// <summary>Runs kept in each user's history; older ones are dropped as new ones are recorded.</summary>
    [Range(1, 100_000, ErrorMessage = "Analytics:Console:HistoryPerUser must be between 1 and 100000.")]
    public int HistoryPerUser { get; set; } = 200;

    /// <summary>Queries each user may save.</summary>
    [Range(1, 10_000, ErrorMessage = "Analytics:Console:SavedQueriesPerUser must be between 1 and 10000.")]
    public int SavedQueriesPerUser { get; set; } = 500;
}
