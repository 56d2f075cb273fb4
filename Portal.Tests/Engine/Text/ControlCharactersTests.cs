using Portal.Engine.Text;

namespace Portal.Tests.Engine.Text;

public sealed class ControlCharactersTests
{
    [Theory]
    [InlineData("Plain text, ümlauts and emoji \U0001F600", false)]
    [InlineData("tab\there", true)]
    [InlineData("nul\0", true)]
    [InlineData("next line \u0085", true)]
    [InlineData("delete \u007f", true)]
    public void Any_control_character_is_found(string text, bool expected) => Assert.Equal(expected, ControlCharacters.In(text));

    [Fact]
    public void Multi_line_text_may_keep_line_breaks_and_tabs_but_nothing_else()
    {
        Assert.Null(ControlCharacters.Error("Description", "one\r\ntwo\tthree", lineBreaksAllowed: true));
        Assert.Equal("Description contains a control character (U+0007, character 4); only line breaks and tabs are allowed.",
            ControlCharacters.Error("Description", "one\u0007", lineBreaksAllowed: true));
        Assert.Equal("Name contains a control character (U+000A, character 4); remove it, and any line breaks or tabs.",
            ControlCharacters.Error("Name", "one\ntwo"));
    }
}
