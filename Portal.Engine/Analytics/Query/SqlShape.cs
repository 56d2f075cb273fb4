namespace Portal.Engine.Analytics.Query;

/// <summary>
/// The size checks both engines make before sending SQL anywhere: length, and how deeply parentheses nest outside
/// string literals, quoted identifiers and comments (a parser's recursion is the thing deep nesting attacks).
/// </summary>
public static class SqlShape
{
    public static void Check(string sql, QueryLimits limits)
    {
        if (string.IsNullOrWhiteSpace(sql))
            throw new AnalyticsQueryException(QueryRefusal.Syntax, "The query is empty.");
        if (sql.Length > limits.MaxSqlLength)
            throw new AnalyticsQueryException(QueryRefusal.TooLarge,
                $"The query is {sql.Length:N0} characters long; at most {limits.MaxSqlLength:N0} are accepted (Analytics:Query:MaxSqlLength).");
        var (depth, at) = MaxNesting(sql);
        if (depth > limits.MaxNestingDepth)
            throw new AnalyticsQueryException(QueryRefusal.TooLarge,
                $"The query nests parentheses {depth} deep; at most {limits.MaxNestingDepth} are accepted (Analytics:Query:MaxNestingDepth).", at);
    }

    /// <summary>The deepest parenthesis nesting and where it is first reached.</summary>
    public static (int Depth, int Position) MaxNesting(string sql)
    {
        var code = CodeOnly(sql);
        int depth = 0, max = 0, at = 0;
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '(' or '[':
                    if (++depth > max) (max, at) = (depth, i);
                    break;
                case ')' or ']':
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }
        return (max, at);
    }

    /// <summary>
    /// The SQL with comments (<c>--</c>, <c>/* */</c>), string literals and quoted identifiers blanked out, the same
    /// length so positions hold: what the checks here look at, so nothing can hide inside them.
    /// </summary>
    public static string CodeOnly(string sql)
    {
        var code = sql.ToCharArray();
        for (var i = 0; i < sql.Length; i++)
        {
            var end = sql[i] switch
            {
                '\'' or '"' => SkipQuoted(sql, i, sql[i]),
                '-' when i + 1 < sql.Length && sql[i + 1] == '-' => sql.IndexOf('\n', i) is var nl && nl < 0 ? sql.Length : nl,
                '/' when i + 1 < sql.Length && sql[i + 1] == '*' => sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var close && close < 0 ? sql.Length : close + 1,
                _ => -1,
            };
            if (end < 0) continue;
            Array.Fill(code, ' ', i, Math.Min(end + 1, sql.Length) - i);
            i = end;
        }
        return new string(code);
    }

    private static int SkipQuoted(string sql, int start, char quote)
    {
        for (var i = start + 1; i < sql.Length; i++)
        {
            if (sql[i] != quote) continue;
            if (i + 1 < sql.Length && sql[i + 1] == quote) { i++; continue; }
            return i;
        }
        return sql.Length;
    }
}
