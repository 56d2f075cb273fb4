using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Storage;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("beach.jpg", "beach.jpg")]
    [InlineData("  beach.jpg  ", "beach.jpg")]
    [InlineData("/home/me/beach.jpg", "beach.jpg")]
    [InlineData(@"C:\Users\me\beach.jpg", "beach.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("be\u0000a\u001fch\r\n.jpg", "beach.jpg")]
    [InlineData("a:b*c?d\"e<f>g|h.jpg", "a_b_c_d_e_f_g_h.jpg")]
    [InlineData("..", "image")]
    [InlineData("...hidden.jpg...", "hidden.jpg")]
    [InlineData("", "image")]
    [InlineData(null, "image")]
    [InlineData("dir/", "image")]
    [InlineData("Straße 2024 (1).jpg", "Straße 2024 (1).jpg")]
    public void Names_are_made_safe(string? given, string expected) => Assert.Equal(expected, FileNames.Safe(given, "image"));

    [Fact]
    public void A_long_name_is_cut_to_the_limit_keeping_its_extension()
    {
        var safe = FileNames.Safe(new string('x', 400) + ".jpeg");

        Assert.Equal(FileNames.MaxLength, safe.Length);
        Assert.EndsWith("x.jpeg", safe);
    }

    [Theory]
    [InlineData("beach.jpg", ".webp", "beach-edited.webp")]
    [InlineData("../beach.jpg", ".jpg", "beach-edited.jpg")]
    [InlineData("a:b.png", ".png", "a_b-edited.png")]
    [InlineData("", ".png", "image-edited.png")]
    [InlineData(".jpg", ".png", "jpg-edited.png")]
    public void Derived_names_keep_the_stem_and_take_the_new_extension(string fileName, string extension, string expected) =>
        Assert.Equal(expected, FileNames.Derived(fileName, "-edited", extension));
}
