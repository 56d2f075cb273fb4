using Portal.Engine.Imaging;
using static Portal.Tests.Engine.Imaging.TestImages;
using static Portal.Tests.Engine.Imaging.VipsSourceImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// Truncated and garbled TIFF, AVIF and SVG sources (every prefix at a spread of lengths, and bytes overwritten at seeded random
/// places) are decoded or refused with a 4xx carrying SIH's {status, code, message}: never another exception, never a 5xx.
/// </summary>
public sealed class MalformedVipsSourceTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    public static TheoryData<string> Formats() => ["tiff-ii", "tiff-mm", "avif", "svg"];

    private static byte[] Source(string format) => format switch
    {
        "tiff-ii" => Tiff(Quadrants(32, 24)),
        "tiff-mm" => Tiff(Quadrants(32, 24), bigEndian: true),
        "avif" => Avif(Quadrants(32, 24)),
        _ => Svg(32, 24, "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"red\"/><stop offset=\"1\" stop-color=\"blue\"/></linearGradient></defs>"
                         + "<rect width=\"32\" height=\"24\" fill=\"url(#g)\"/><circle cx=\"16\" cy=\"12\" r=\"8\" fill=\"yellow\"/>"),
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Every_truncation_is_an_image_or_a_4xx(string format)
    {
        var whole = Source(format);
        var lengths = Enumerable.Range(0, 24).Select(i => whole.Length * i / 24).Concat([1, 2, 3, 4, 7, 8, 11, 12, 13, whole.Length - 1]).Distinct();
        foreach (var length in lengths)
            await DecodedOrRefusedAsync(whole[..length], $"{format} cut to {length} of {whole.Length} bytes");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Garbled_bytes_are_an_image_or_a_4xx(string format)
    {
        var whole = Source(format);
        var random = new Random(format.Length * 7919 + format[^1]); // the same bytes every run
        for (var round = 0; round < 30; round++)
        {
            var garbled = (byte[])whole.Clone();
            // The first bytes (the magic) are kept so the format's own reader gets the garbage.
            var count = 1 + random.Next(8);
            for (var i = 0; i < count; i++) garbled[12 + random.Next(garbled.Length - 12)] = (byte)random.Next(256);
            await DecodedOrRefusedAsync(garbled, $"{format} round {round}");
        }
    }

    private async Task DecodedOrRefusedAsync(byte[] source, string what)
    {
        try
        {
            var result = await _processor.ProcessAsync(source, ImageProcessingTests.Request("""{"resize":{"width":16}}""", ""","outputFormat":"png" """));
            Assert.True(result.Width > 0, what);
        }
        catch (ImageRequestException e)
        {
            Assert.True(e.Status is >= 400 and < 500, $"{what}: {e.Status} {e.Code} {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Code), what);
            Assert.False(string.IsNullOrWhiteSpace(e.Message), what);
        }
    }
}
