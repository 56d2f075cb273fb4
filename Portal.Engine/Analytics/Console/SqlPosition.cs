namespace Portal.Engine.Analytics.Console;

/// <summary>A place in a query's text: the 0-based character offset, and the 1-based line and column people read.</summary>
public readonly record struct SqlPosition(int Offset, int Line, int Column)
{
    /// <summary>The line and column of <paramref name="offset"/> in <paramref name="sql"/> (an offset past the end is the end).</summary>
    public static SqlPosition Of(string sql, int offset)
    {
        offset = Math.Clamp(offset, 0, sql.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (sql[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return new SqlPosition(offset, line, offset - lineStart + 1);
    }

    /// <summary>The text of the line the position is on (without its line break).</summary>
    public string LineOf(string sql)
    {
        var start = Offset - (Column - 1);
        var end = sql.IndexOf('\n', Math.Min(Offset, sql.Length));
        return sql[start..(end < 0 ? sql.Length : end)].TrimEnd('\r');
    }
}
