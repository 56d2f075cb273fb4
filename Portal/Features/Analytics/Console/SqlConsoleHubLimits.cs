using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Console;

public static class SqlConsoleHubLimits
{
    /// <summary>
    /// The editor sends its whole text over the Blazor circuit at each input, and SignalR refuses messages over 32 KB by
    /// default, which would drop a long query without a word. Raises the circuit's limit to hold
    /// <c>Analytics:Query:MaxSqlLength</c> characters as JSON-escaped UTF-8 (at most 6 bytes each), plus the message's framing.
    /// </summary>
    public static IServerSideBlazorBuilder AddSqlConsoleMessageSize(this IServerSideBlazorBuilder builder, IConfiguration configuration)
    {
        var maxSql = configuration.GetSection(QueryOptions.Section).Get<QueryOptions>()?.Query.MaxSqlLength is > 0 and var set ? set : new QueryLimits().MaxSqlLength;
        var needed = (long)maxSql * 6 + 64 * 1024;
        return builder.AddHubOptions(o => o.MaximumReceiveMessageSize = Math.Max(o.MaximumReceiveMessageSize ?? 0, needed));
    }
}
