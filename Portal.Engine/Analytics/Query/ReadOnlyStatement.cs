namespace Portal.Engine.Analytics.Query;

/// <summary>
/// A lexical read-only check for engines that cannot be locked down from here: real Athena runs CREATE TABLE AS,
/// INSERT, UNLOAD or DROP when the credentials allow them, and EXPLAIN ANALYZE runs the statement it explains. So the
/// Athena engine sends only an allow-listed shape: exactly one statement (a trailing <c>;</c> allowed) that is a query
/// - <c>SELECT</c>, <c>WITH ... SELECT</c>, <c>VALUES</c>, <c>TABLE name</c>, or any of these in parentheses (set
/// operations such as <c>(SELECT ...) UNION (SELECT ...)</c> included). Everything else is refused before anything is
/// sent: writing and session statements, and EXPLAIN, SHOW, DESCRIBE and USE too (their results are not query
/// results). It reads <see cref="SqlShape.CodeOnly"/>, so comments, string literals and quoted identifiers hide
/// nothing. Athena's parser has the last word on the rest (and gives syntax errors their position); an IAM or
/// work-group policy that allows reading only is the other half (see the README).
/// </summary>
public static class ReadOnlyStatement
{
    /// <summary>The words a query may start with (after any opening parentheses).</summary>
    private static readonly HashSet<string> QueryStarts = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "WITH", "VALUES", "TABLE" };

    private const string Allowed = "Only a single query (SELECT, WITH ... SELECT, VALUES or TABLE) is allowed";

    public static void Check(string sql)
    {
        var code = SqlShape.CodeOnly(sql);
        var end = code.TrimEnd().TrimEnd(';').TrimEnd().Length;
        var separator = code.IndexOf(';');
        if (separator >= 0 && separator < end)
            throw new AnalyticsQueryException(QueryRefusal.NotReadOnly, $"{Allowed}, not several statements.", separator);
        CheckQuery(code, SkipSpace(code, 0), end);
    }

    /// <summary>The query starting at <paramref name="at"/> (opening parentheses allowed) is one of the allowed shapes.</summary>
    private static void CheckQuery(string code, int at, int end)
    {
        var depth = 0;
        while (at < end && code[at] == '(') { depth++; at = SkipSpace(code, at + 1); }
        var word = WordAt(code, at);
        if (!QueryStarts.Contains(word))
            throw new AnalyticsQueryException(QueryRefusal.NotReadOnly,
                word.Length == 0 ? $"{Allowed}; this does not start with one." : $"{Allowed}, not {word.ToUpperInvariant()}.", at);
        if (word.Equals("WITH", StringComparison.OrdinalIgnoreCase)) CheckWithBody(code, at + word.Length, end, depth);
    }

    /// <summary>
    /// After <c>WITH</c>: each named subquery ends where its parentheses close back at the WITH's level; what follows
    /// is a comma (another one), <c>AS</c> (after a column list), or the main statement, which must be a query too
    /// (so <c>WITH t AS (...) INSERT ...</c> or <c>... DELETE ...</c> is refused).
    /// </summary>
    private static void CheckWithBody(string code, int at, int end, int level)
    {
        var depth = level;
        for (var i = at; i < end; i++)
        {
            if (code[i] == '(') { depth++; continue; }
            if (code[i] != ')') continue;
            if (--depth != level) continue;
            var next = SkipSpace(code, i + 1);
            if (next >= end) break;
            if (code[next] == ',' || WordAt(code, next).Equals("AS", StringComparison.OrdinalIgnoreCase)) continue;
            CheckQuery(code, next, end);
            return;
        }
        throw new AnalyticsQueryException(QueryRefusal.NotReadOnly, $"{Allowed}; this WITH has no query after its named subqueries.", at);
    }

    private static int SkipSpace(string code, int at)
    {
        while (at < code.Length && char.IsWhiteSpace(code[at])) at++;
        return at;
    }

    private static string WordAt(string code, int at)
    {
        var length = 0;
        while (at + length < code.Length && (char.IsAsciiLetter(code[at + length]) || code[at + length] == '_')) length++;
        return code.Substring(at, length);
    }
}
