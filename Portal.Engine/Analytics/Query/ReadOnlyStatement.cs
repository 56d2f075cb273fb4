namespace Portal.Engine.Analytics.Query;

/// <summary>
/// A lexical read-only check for engines that cannot be locked down from here: real Athena runs CREATE TABLE AS,
/// INSERT, UNLOAD or DROP when the credentials allow them, so the Athena engine refuses, before sending anything, a
/// batch of several statements and a statement that starts with a writing or session keyword. Comments, string
/// literals and quoted identifiers are skipped, so nothing can hide behind them. Anything else goes to the engine,
/// whose parser has the last word (and gives syntax errors their position); an IAM or work-group policy that allows
/// reading only is the other half (see the README).
/// </summary>
public static class ReadOnlyStatement
{
    private static readonly HashSet<string> Writing = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT", "COMMENT", "COMMIT", "COPY", "CREATE", "DEALLOCATE",
        "DELETE", "DENY", "DETACH", "DROP", "EXECUTE", "EXPORT", "GRANT", "IMPORT", "INSERT", "INSTALL", "LOAD", "MERGE",
        "MSCK", "OPTIMIZE", "PRAGMA", "PREPARE", "REFRESH", "RESET", "REVOKE", "ROLLBACK", "SET", "START", "TRUNCATE",
        "UNLOAD", "UPDATE", "USE", "VACUUM",
    };

    public static void Check(string sql)
    {
        var code = SqlShape.CodeOnly(sql);
        var end = code.TrimEnd().TrimEnd(';').TrimEnd().Length;
        var separator = code.IndexOf(';');
        if (separator >= 0 && separator < end)
            throw new AnalyticsQueryException(QueryRefusal.NotReadOnly, "Only a single SELECT query is allowed, not several statements.", separator);
        var start = 0;
        while (start < code.Length && (char.IsWhiteSpace(code[start]) || code[start] == '(')) start++;
        var length = 0;
        while (start + length < code.Length && char.IsAsciiLetter(code[start + length])) length++;
        var keyword = code.Substring(start, length);
        if (Writing.Contains(keyword))
            throw new AnalyticsQueryException(QueryRefusal.NotReadOnly, $"Only a single SELECT query is allowed, not {keyword.ToUpperInvariant()}.", start);
    }
}
