using Portal.Engine.Models.Embeddings;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Engine.Models.Embeddings;

/// <summary>Hostile encoded images before the network: sizes checked from the header first, damage refused as invalid data.</summary>
public sealed class ResNetInputTests
{
    /// <summary>A GIF whose logical screen and frame declare <paramref name="width"/> x <paramref name="height"/> and hold one pixel's data.</summary>
    public static byte[] GifDeclaring(ushort width, ushort height)
    {
        byte lowW = (byte)width, highW = (byte)(width >> 8), lowH = (byte)height, highH = (byte)(height >> 8);
        return
        [
            .. "GIF89a"u8.ToArray(), lowW, highW, lowH, highH, 0x80, 0, 0,
            255, 255, 255, 0, 0, 0,
            0x2C, 0, 0, 0, 0, lowW, highW, lowH, highH, 0,
            2, 2, 0x44, 0x01, 0,
            0x3B,
        ];
    }

    public static TheoryData<string, byte[]> HugeImages() => new()
    {
        { "PNG 100000x100000", TestImages.PngDeclaring(100_000, 100_000) },
        { "PNG 30000x30000", TestImages.PngDeclaring(30_000, 30_000) },
        { "PNG 2^32-1 wide", TestImages.PngDeclaring(uint.MaxValue, 1000) },
        { "GIF 65535x65535", GifDeclaring(65_535, 65_535) },
        { "JPEG 65000x65000", TestImages.JpegDeclaring(65_000, 65_000) },
    };

    [Theory]
    [MemberData(nameof(HugeImages))]
    public void An_image_declaring_more_pixels_than_the_limit_is_refused_before_decoding(string what, byte[] bytes)
    {
        var e = Assert.Throws<InvalidDataException>(() => ResNetInput.From(bytes));
        Assert.True(ResNetInput.IsTooLarge(e), e.Message);
        Assert.Contains("the limit is 100,000,000 pixels", e.Message);
        Assert.True(bytes.Length < 1000, what);
    }

    [Fact]
    public void The_limit_is_the_one_given_and_an_image_within_it_is_read()
    {
        var png = TestImages.Png(TestImages.Photo(300, 200));
        Assert.True(ResNetInput.IsTooLarge(Assert.Throws<InvalidDataException>(() => ResNetInput.From(png, maxPixels: 300 * 200 - 1))));
        Assert.Equal(ResNetInput.Length, ResNetInput.From(png, maxPixels: 300 * 200).Length);
        Assert.Equal(ResNetInput.Length, ResNetInput.From(GifDeclaring(1, 1)).Length);
    }

    [Fact]
    public void A_truncated_PNG_is_read_as_far_as_it_goes_or_refused_as_invalid_data()
    {
        var png = TestImages.Png(TestImages.Photo(400, 300));
        foreach (var length in new[] { 8, 20, 33, 60, png.Length / 3, png.Length / 2, png.Length - 13 })
        {
            try
            {
                Assert.Equal(ResNetInput.Length, ResNetInput.From(png.AsSpan(0, length)).Length);
            }
            catch (InvalidDataException e)
            {
                Assert.False(ResNetInput.IsTooLarge(e));
                // refused: what an incomplete header or stream should get
            }
        }
    }
}
