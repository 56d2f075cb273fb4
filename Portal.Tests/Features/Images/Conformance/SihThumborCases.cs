using SkiaSharp;
using static Portal.Tests.Features.Images.Conformance.Sih;
using static Portal.Tests.Features.Images.Conformance.SihLooks;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>
/// SIH v6.3.3 <c>test/thumbor-mapper/*.spec.ts</c>. SIH's tests compare the edits a path maps to; here each mapping is
/// sent as a path and its effect is looked for in the image (the source is 240x200 quadrants unless named).
/// </summary>
public static class SihThumborCases
{
    private const int W = SihSources.Width, H = SihSources.Height;
    private const string Q = "test-image-001.jpg";
    private static readonly SKColor Black = new(0, 0, 0);

    private const string FromJpeg =
        "a JPEG source with format(): the portal reads no TIFF/HEIF/AVIF sources (see infer-image-type), so the quality reaches that encoder through fixQuality, as in SIH";
    private const string Av1Default = "; compared with quality(80): 50 is sharp's default for AVIF and HEIF, as here";
    private const string Watermarked = "the watermark at the top-left corner";

    public static IEnumerable<SihCase> All() => Crop().Concat(Edits()).Concat(Filter()).Concat(Mappings()).Concat(Parse()).Concat(Resize());

    private static IEnumerable<SihCase> Crop()
    {
        const string s = "thumbor-mapper/crop.spec.ts";
        yield return Same(s, "AxB:CxD crops", Get($"10x0:100x200/{Q}"), Jpeg(90, 200, At(0.5, 0.25, Red, "the left part: red above"), At(0.5, 0.75, Blue, "blue below")));
        yield return Same(s, "a crop with invalid numbers is no crop (the segment is then part of the key)", Get($"abc:0:10x200/{Q}"),
            Refused(404, "NoSuchKey", SihImageRequestCases.NoSuchKeyMessage($"abc:0:10x200/{Q}")));
        yield return Same(s, "crop then resize", Get($"10x0:100x200/10x20/{Q}"), Jpeg(10, 20));
    }

    private static IEnumerable<SihCase> Edits()
    {
        const string s = "thumbor-mapper/edits.spec.ts";
        yield return Same(s, "chained filters", Get("filters:rotate(90):grayscale()/thumbor-image.jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "filters in separate segments", Get("filters:rotate(90)/filters:grayscale()/thumbor-image.jpg"), Jpeg(H, W, GreyTurnedClockwise));
        yield return Same(s, "chained and separate filters", Get("filters:rotate(90):grayscale()/filters:blur(20)/thumbor-image.jpg"), Jpeg(H, W, AllGrey));
        yield return Different(s, "slashes in a filter (bucket 'bucket')", Get("filters:watermark(bucket,folder/key.png,0,0)/image.jpg"),
            Refused(403, "ImageBucket::CannotAccessBucket"), SihImageRequestCases.Isolation + " (the watermark's bucket too)");
        yield return Same(s, "slashes in a filter (own bucket)", Get("filters:watermark({bucket},folder/key.png,0,0)/image.jpg"),
            Jpeg(W, H, AtPixel(5, 5, Magenta, Watermarked)));
    }

    private static IEnumerable<SihCase> Filter()
    {
        const string s = "thumbor-mapper/filter.spec.ts";
        yield return Same(s, "autojpg()", Get("filters:autojpg()/quad.png"), Jpeg(W, H, AsStored));
        yield return Same(s, "background_color(ffff)", Get("filters:background_color(ffff)/alpha.png"),
            Png(40, 20, AtPixel(5, 10, White, "the transparent half now white"), AtPixel(35, 10, Red, "the red half red")));
        yield return Same(s, "blur(60): sigma 30", Get("filters:blur(60)/quad.png"), Png(W, H, NotAtPixel(108, 50, Red, "red and green mixed 12 px from their edge")));
        yield return Same(s, "blur(60, 2): sigma 2", Get("filters:blur(60, 2)/quad.png"),
            Png(W, H, AtPixel(108, 50, Red, "still red 12 px from the edge"), NotAtPixel(119, 50, Red, "mixed next to the edge")));
        yield return Same(s, "convolution(1;2;1;2;4;2;1;2;1,3,true)", Get("filters:convolution(1;2;1;2;4;2;1;2;1,3,true)/quad.png"),
            Png(W, H, AtPixel(110, 50, Red, "red away from the edge"), NotAtPixel(119, 50, Red, "red and green mixed next to their edge")));
        yield return Same(s, "equalize()", Get("filters:equalize()/lowcontrast.png"),
            Png(40, 20, AtPixel(5, 10, Black, "the darker grey now black"), AtPixel(35, 10, White, "the lighter grey now white")));
        yield return Same(s, "fill(fff) without a size: nothing to fill", Get($"filters:fill(fff)/{Q}"), Jpeg(W, H, AsStored));
        yield return Same(s, "fill(fff) with a size", Get($"fit-in/300x300/filters:fill(fff)/{Q}"),
            Jpeg(300, 300, AtPixel(150, 5, White, "white bars above and below"), At(0.25, 0.3, Red, "the image between")));
        yield return Same(s, "format(png)", Get($"filters:format(png)/{Q}"), Png(W, H, AsStored));
        yield return Same(s, "format(test) is ignored", Get($"filters:format(test)/{Q}"), Jpeg(W, H, StoredBytes(Q)));
        yield return Same(s, "no_upscale()", Get($"fit-in/480x400/filters:no_upscale()/{Q}"), Jpeg(W, H));
        yield return Same(s, "no_upscale() with a size", Get($"300x400/filters:no_upscale()/{Q}"), Jpeg(W, H));
        yield return Same(s, "proportion(0.3) with a size", Get($"200x200/filters:proportion(0.3)/{Q}"), Jpeg(60, 60));
        yield return Same(s, "proportion(0.3) alone: a ratio of the source", Get($"filters:proportion(0.3)/{Q}"), Jpeg(72, 60));
        yield return Same(s, "quality(50) for a jpg", Get("filters:quality(50)/photo.jpg"), Jpeg(W, H, SmallerThan(Get("filters:quality(80)/photo.jpg"))));
        yield return Same(s, "quality(50) for a png", Get("filters:quality(50)/quad.png"), Png(W, H, PalettePng, AsStored), "sharp's png({quality}) is a palette PNG");
        yield return Same(s, "quality(50) for a webp", Get("filters:quality(50)/photo.webp"), Webp(W, H, SmallerThan(Get("filters:quality(80)/photo.webp"))));
        yield return Same(s, "quality(50) for a tiff", Get("filters:quality(50)/filters:format(tiff)/photo.jpg"),
            Tiff(W, H, SmallerThan(Get("filters:format(tiff)/photo.jpg"))), FromJpeg);
        yield return Same(s, "quality(50) for a heif", Get("filters:quality(50)/filters:format(heif)/photo.jpg"),
            Heif(W, H, SmallerThan(Get("filters:quality(80)/filters:format(heif)/photo.jpg"))), FromJpeg + Av1Default);
        yield return Same(s, "quality(50) for an avif", Get("filters:quality(50)/filters:format(avif)/photo.jpg"),
            Avif(W, H, SmallerThan(Get("filters:quality(80)/filters:format(avif)/photo.jpg"))), FromJpeg + Av1Default);
        yield return Same(s, "quality(50) for an unsupported type (xml)", Get("filters:quality(50)/photo.xml"), Refused(400, "RequestTypeError"),
            SihImageRequestCases.TypeMessage + "; SIH refuses the .xml key before its mapper");
        yield return Same(s, "rgb(10, 10, 10)", Get("filters:rgb(10, 10, 10)/quad.png"), Png(W, H));
        yield return Same(s, "rotate(75): the canvas grows to hold the turned image", Get($"filters:rotate(75)/{Q}"), new Picture("image/jpeg", 255, 284, [], SizeTolerance: 2));
        yield return Same(s, "sharpen(75, 5)", Get($"filters:sharpen(75, 5)/{Q}"), Jpeg(W, H, AsStored));
        yield return Same(s, "stretch() without a size", Get($"filters:stretch()/{Q}"), Jpeg(W, H, AsStored));
        yield return Same(s, "stretch() with a size: fill", Get($"300x400/filters:stretch()/{Q}"), Jpeg(300, 400, AsStored));
        yield return Same(s, "stretch() after fit-in: stays inside", Get($"fit-in/300x400/filters:stretch()/{Q}"), Jpeg(300, 250, AsStored));
        yield return Same(s, "stretch() after fit-in with a size: stays inside", Get($"fit-in/400x300/filters:stretch()/{Q}"), Jpeg(360, 300, AsStored));
        yield return Same(s, "strip_exif()", Get("filters:strip_exif()/1x1.jpg"), Jpeg(1, 1, NoExif));
        yield return Same(s, "strip_icc()", Get("filters:strip_icc()/1x1.jpg"), Jpeg(1, 1, NoIcc));
        yield return Same(s, "upscale()", Get($"fit-in/480x480/filters:upscale()/{Q}"), Jpeg(480, 400, AsStored));
        yield return Same(s, "upscale() without a size", Get($"filters:upscale()/{Q}"), Jpeg(W, H, AsStored));
        yield return Different(s, "watermark(bucket,key,100,100,0)", Get($"filters:watermark(bucket,logo.png,100,100,0)/{Q}"),
            Refused(403, "ImageBucket::CannotAccessBucket"), SihImageRequestCases.Isolation + " (the watermark's bucket too)");
        yield return Same(s, "watermark at 100,100 (own bucket)", Get($"filters:watermark({{bucket}},logo.png,100,100,0)/{Q}"),
            Jpeg(W, H, AtPixel(105, 105, Magenta, "the watermark from (100,100)"), NotAtPixel(95, 95, Magenta, "not before")));
        yield return Same(s, "watermark at 50p,30p (own bucket)", Get($"filters:watermark({{bucket}},logo.png,50p,30p,0)/{Q}"),
            Jpeg(W, H, AtPixel(125, 65, Magenta, "the watermark from (50%, 30%)"), NotAtPixel(115, 55, Magenta, "not before")));
        yield return Same(s, "watermark at x,x: no position (own bucket)", Get($"filters:watermark({{bucket}},logo.png,x,x,0)/{Q}"),
            Jpeg(W, H, AtPixel(W / 2, H / 2, Magenta, "the watermark in the middle")));
        yield return Same(s, "watermark sized 10% x 10% (own bucket)", Get($"filters:watermark({{bucket}},logo.png,100,100,0,10,10)/{Q}"),
            Jpeg(W, H, AtPixel(110, 110, Magenta, "the watermark from (100,100)"), NotAtPixel(130, 125, Magenta, "only 24x20")));
        yield return Same(s, "an unsupported filter is ignored", Get($"filters:notSupportedFilter()/{Q}"), Jpeg(W, H, StoredBytes(Q)));
        yield return Same(s, "format and quality, key without an extension", Get("filters:format(jpeg)/filters:quality(50)/image_without_extension"),
            Jpeg(W, H, SmallerThan(Get("filters:format(jpeg)/image_without_extension"))));
        yield return Same(s, "quality and format, key without an extension", Get("filters:quality(50)/filters:format(jpeg)/image_without_extension"),
            Jpeg(W, H, SmallerThan(Get("filters:format(jpeg)/image_without_extension"))));
        yield return Same(s, "quality and format, key with an extension", Get("filters:quality(50)/filters:format(jpeg)/image_without_extension.png"),
            Jpeg(W, H, SmallerThan(Get("filters:format(jpeg)/image_without_extension.png"))));
        yield return Same(s, "fit-in and grayscale", Get($"fit-in/200x300/filters:grayscale()/{Q}"), Jpeg(200, 167, Grey));
        yield return Different(s, "fit-in and a watermark in a folder (bucket 'bucket')", Get("fit-in/400x400/filters:watermark(bucket,folder/key.png,0,0)/image.jpg"),
            Refused(403, "ImageBucket::CannotAccessBucket"), SihImageRequestCases.Isolation + " (the watermark's bucket too)");
        yield return Same(s, "fit-in and a watermark in a folder (own bucket)", Get("fit-in/400x400/filters:watermark({bucket},folder/key.png,0,0)/image.jpg"),
            Jpeg(400, 333, AtPixel(5, 5, Magenta, Watermarked)));
        yield return Same(s, "fit-in and a watermark not in a folder (own bucket)", Get("fit-in/400x400/filters:watermark({bucket},key.png,0,0)/image.jpg"),
            Jpeg(400, 333, AtPixel(5, 5, Magenta, Watermarked)));
        yield return Same(s, "animated(fAlSe) of a still", Get($"filters:animated(fAlSe)/{Q}"), Jpeg(W, H, AsStored));
        yield return Same(s, "animated() of a still", Get($"filters:animated()/{Q}"), Jpeg(W, H, AsStored));
        yield return Same(s, "animated(ABCDEF) of a still", Get($"filters:animated(ABCDEF)/{Q}"), Jpeg(W, H, AsStored));
    }

    private static IEnumerable<SihCase> Mappings()
    {
        const string s = "thumbor-mapper/mappings.spec.ts";
        yield return Same(s, "mapBGColor: a colour name", Get("filters:background_color(red)/alpha.png"), Png(40, 20, AtPixel(5, 10, Red, "the transparent half now red")));
        yield return Same(s, "mapBGColor: a hex value", Get("filters:background_color(FF0000)/alpha.png"), Png(40, 20, AtPixel(5, 10, Red, "the transparent half now red")));
        yield return Same(s, "mapBlur: the sigma when it is a number", Get("filters:blur(50,20)/quad.png"), Png(W, H, NotAtPixel(108, 50, Red, "mixed 12 px from the edge")));
        yield return Same(s, "mapBlur: radius / 2 otherwise", Get("filters:blur(50)/quad.png"), Png(W, H, NotAtPixel(108, 50, Red, "mixed 12 px from the edge")));
        yield return Different(s, "mapConvolution (SIH's 2-wide kernel)", Get("filters:convolution(1;2;3;4;5;6,2)/quad.png"), Refused(400, "ImageEdits::InvalidEdit"),
            "the same mapping (width 2, height 3); sharp's convolve takes 3 to 1001 by 3 to 1001, so SIH's sharp throws and answers 500: the portal refuses it as a 400 naming the edit");
        yield return Same(s, "mapFill: a colour name", Get($"fit-in/300x300/filters:fill(red)/{Q}"), Jpeg(300, 300, AtPixel(150, 5, Red, "red bars above and below")));
        yield return Same(s, "mapFill: a hex value", Get($"fit-in/300x300/filters:fill(FF0000)/{Q}"), Jpeg(300, 300, AtPixel(150, 5, Red, "red bars above and below")));
        yield return Same(s, "mapFormat: an accepted format", Get("filters:format(png)/photo.jpg"), Png(W, H));
        yield return Same(s, "mapFormat: jpg is jpeg", Get("filters:format(jpg)/quad.png"), Jpeg(W, H, AsStored));
        yield return Same(s, "mapFormat: pdf is not taken", Get("filters:format(pdf)/quad.png"), Png(W, H, StoredBytes("quad.png")));
        yield return Same(s, "mapNoUpscale", Get($"fit-in/480x400/filters:no_upscale()/{Q}"), Jpeg(W, H));
        yield return Same(s, "mapResizeRatio with a size", Get($"10x10/filters:proportion(0.5)/{Q}"), Jpeg(5, 5));
        yield return Same(s, "mapResizeRatio without a size", Get($"filters:proportion(0.5)/{Q}"), Jpeg(120, 100));
        yield return Same(s, "mapQuality for a valid format", Get("filters:quality(90)/photo.jpg"), Jpeg(W, H, LargerThan(Get("filters:quality(80)/photo.jpg"))));
        yield return Same(s, "mapQuality for an invalid format (pdf)", Get("filters:quality(90)/photo.pdf"), Refused(400, "RequestTypeError"), SihImageRequestCases.TypeMessage);
        yield return Same(s, "mapStretch: fill", Get($"100x100/filters:stretch()/{Q}"), Jpeg(100, 100, AsStored));
        yield return Same(s, "mapStretch: not when already inside", Get($"fit-in/100x100/filters:stretch()/{Q}"), Jpeg(100, 83, AsStored));
        yield return Same(s, "mapUpscale", Get($"fit-in/480x480/filters:upscale()/{Q}"), Jpeg(480, 400, AsStored));
        yield return Different(s, "mapWatermark with valid positions (bucket 'bucket')", Get($"filters:watermark(bucket, logo.png, 10, -20, 50, 30, 40)/{Q}"),
            Refused(403, "ImageBucket::CannotAccessBucket"), SihImageRequestCases.Isolation + " (the watermark's bucket too)");
        yield return Same(s, "mapWatermark with valid positions (own bucket)", Get($"filters:watermark({{bucket}}, logo.png, 10, -20, 50, 30, 40)/{Q}"),
            Jpeg(W, H, NotAtPixel(40, 140, Blue, "half-transparent watermark over the bottom left"), AtPixel(40, 190, Blue, "untouched 20 px from the bottom")));
        yield return Same(s, "mapWatermark with an invalid x (own bucket)", Get($"filters:watermark({{bucket}}, logo.png, invalid, -20, 50, 30, 40)/{Q}"), Jpeg(W, H));
        yield return Same(s, "mapWatermark with an invalid y (own bucket)", Get($"filters:watermark({{bucket}}, logo.png, 10, invalid, 50, 30, 40)/{Q}"), Jpeg(W, H));
    }

    private static IEnumerable<SihCase> Parse()
    {
        const string s = "thumbor-mapper/parse.spec.ts";
        yield return Same(s, "custom path rewritten to Thumbor", Get("filters-rotate(90)/filters-grayscale()/thumbor-image.jpg", SihApp.Rewrite), Jpeg(H, W, GreyTurnedClockwise));
        yield return NotObservable(s, "an undefined path is ThumborMapping::ParseCustomPath::PathUndefined", "every HTTP request has a path");
        yield return NotObservable(s, "no REWRITE_MATCH_PATTERN", "start-up configuration: the portal refuses to start with one of the pair and not the other");
        yield return NotObservable(s, "no REWRITE_SUBSTITUTION", "start-up configuration: the portal refuses to start with one of the pair and not the other");
    }

    private static IEnumerable<SihCase> Resize()
    {
        const string s = "thumbor-mapper/resize.spec.ts";
        yield return Same(s, "fit-in/400x300", Get($"fit-in/400x300/{Q}"), Jpeg(360, 300, AsStored));
        yield return Same(s, "fit-in without a size", Get($"fit-in/{Q}"), Jpeg(W, H, AsStored));
        yield return Same(s, "400x300", Get($"400x300/{Q}"), Jpeg(400, 300, AsStored));
        yield return Same(s, "0x300", Get($"0x300/{Q}"), Jpeg(360, 300, AsStored));
        yield return Same(s, "400x0", Get($"400x0/{Q}"), Jpeg(400, 333, AsStored));
        yield return Same(s, "0x0", Get($"0x0/{Q}"), Jpeg(W, H, AsStored));
    }
}
