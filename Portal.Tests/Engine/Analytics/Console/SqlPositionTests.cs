using Portal.Engine.Analytics.Console;

namespace Portal.Tests.Engine.Analytics.Console;

public sealed class SqlPositionTests
{
    private const string Sql = "SELECT *\nFROM salez\r\nWHERE month = '2026-11'";

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(7, 1, 8)]
    [InlineData(9, 2, 1)]
    [InlineData(14, 2, 6)]
    [InlineData(21, 3, 1)]
    public void An_offset_is_a_line_and_column(int offset, int line, int column)
    {
        var at = SqlPosition.Of(Sql, offset);
        Assert.Equal((offset, line, column), (at.Offset, at.Line, at.Column));
    }

    [Fact]
    public void The_line_of_a_position_is_quoted_without_its_line_break()
    {
        Assert.Equal("FROM salez", SqlPosition.Of(Sql, 14).LineOf(Sql));
        Assert.Equal("WHERE month = '2026-11'", SqlPosition.Of(Sql, Sql.Length).LineOf(Sql));
    }

    [Fact]
    public void An_offset_past_the_end_is_the_end()
    {
        var at = SqlPosition.Of("SELECT", 99);
        Assert.Equal((6, 1, 7), (at.Offset, at.Line, at.Column));
        Assert.Equal("SELECT", at.LineOf("SELECT"));
    }
}
