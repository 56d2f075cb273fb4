using static Portal.Tests.Features.Images.Conformance.Sih;
using static Portal.Tests.Features.Images.Conformance.SihLooks;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>SIH v6.3.3 <c>test/image-handler/*.spec.ts</c>: what the edits do to the image, sent as Default (JSON) requests.</summary>
public static class SihImageHandlerCases
{
    private const int W = SihSources.Width, H = SihSources.Height;
    private const string CropMessage =
        "The cropping area you provided exceeds the boundaries of the original image. Please try choosing a correct cropping value.";
    internal const string OverlayMessage = "Image to overlay must have same dimensions or smaller";
    private const string Metadata =
        "a rendition carries no metadata: a customer's EXIF (camera, GPS) is not republished; SIH keeps EXIF and ICC unless rotate is null";
    private const string NoFaceDetector =
        "the portal has no face detector (SIH asks Amazon Rekognition; no model is available offline): the edit is refused with a 400, never silently ignored";
    private const string NoModerationDetector =
        "the portal has no moderation detector (SIH asks Amazon Rekognition; no model is available offline): the edit is refused with a 400, never silently ignored";
    private const string Mocked = "checks SIH's arithmetic on a mocked Rekognition answer";

    private const string ThreeFrames =
        "a GIF of three different frames stands in for SIH's transparent-5x5-2page.gif: libvips' GIF and WebP encoders (sharp's too) merge its two identical frames into one";

    private static SihRequest Json(string json) => Get("json:" + json);

    public static IEnumerable<SihCase> All() =>
        Allowlist().Concat(Animated_()).Concat(ContentModeration()).Concat(Crop()).Concat(ErrorResponse()).Concat(Format()).Concat(Limits())
            .Concat(Overlay()).Concat(Resize()).Concat(Rotate()).Concat(RoundCrop()).Concat(SmartCrop()).Concat(Standard());

    private static IEnumerable<SihCase> Allowlist()
    {
        const string s = "image-handler/allowlist.spec.ts";
        yield return Same(s, "an edit not allow-listed (toFile) is not called", Json("""{"key":"1x1.jpg","edits":{"rotate":null,"toFile":"test"}}"""), Jpeg(1, 1, NoExif));
    }

    private static IEnumerable<SihCase> Animated_()
    {
        const string s = "image-handler/animated.spec.ts";
        const string webp = "image/webp,*/*";
        yield return Same(s, "a GIF of one page is not animated", Json("""{"key":"one-page.gif","edits":{"grayscale":true}}"""), Gif(1, 1, Frames(1)));
        yield return Same(s, "a GIF of several pages is animated", Json("""{"key":"three-frames.gif","edits":{"grayscale":true}}"""), Gif(40, 30, Frames(3)),
            ThreeFrames);
        yield return Same(s, "not a GIF: not animated", Json("""{"key":"25x15.png","edits":{"grayscale":true}}"""), Png(25, 15, NotStoredBytes("25x15.png")));
        yield return Same(s, "AutoWebP without the animated edit: not animated",
            Get("""json:{"key":"three-frames.gif","edits":{"grayscale":true}}""", SihApp.AutoWebp, webp), Webp(40, 30, Frames(1)),
            "SIH animates by the answer's content type: a GIF answered as WebP is a still unless animated is true");
        yield return Same(s, "AutoWebP with animated true: animated",
            Get("""json:{"key":"three-frames.gif","edits":{"grayscale":true,"animated":true}}""", SihApp.AutoWebp, webp), Webp(40, 30, Frames(3)));
        yield return Same(s, "a GIF of several pages with animated false: not animated", Json("""{"key":"three-frames.gif","edits":{"grayscale":true,"animated":false}}"""),
            Gif(40, 30, Frames(1)));
        yield return Same(s, "animated true of a PNG: a still", Json("""{"key":"25x15.png","edits":{"grayscale":true,"animated":true}}"""), Png(25, 15));
    }

    private static IEnumerable<SihCase> ContentModeration()
    {
        const string s = "image-handler/content-moderation.spec.ts";
        var unavailable = Refused(400, "ContentModeration::Unavailable");
        yield return Different(s, "blur with minConfidence", Json("""{"key":"quad.png","edits":{"contentModeration":{"minConfidence":90}}}"""), unavailable, NoModerationDetector);
        yield return Different(s, "blur by the amount given", Json("""{"key":"quad.png","edits":{"contentModeration":{"blur":100}}}"""), unavailable, NoModerationDetector);
        yield return Different(s, "blur when a label matches", Json("""{"key":"quad.png","edits":{"contentModeration":{"moderationLabels":["Smoking"]}}}"""),
            unavailable, NoModerationDetector);
        yield return Different(s, "no blur when the labels are not found",
            Json("""{"key":"quad.png","edits":{"contentModeration":{"minConfidence":75,"moderationLabels":["Smoking"]}}}"""), unavailable,
            "even a clean image is refused: without a detector the portal cannot tell it is clean; " + NoModerationDetector);
        yield return Different(s, "blur when no parameters are given", Json("""{"key":"quad.png","edits":{"contentModeration":{}}}"""), unavailable, NoModerationDetector);
        yield return NotObservable(s, "Rekognition fails", "a mocked Rekognition error");
        yield return NotObservable(s, "blurImage: the labels given are found", Mocked);
        yield return NotObservable(s, "blurImage: no labels given, something found", Mocked);
        yield return NotObservable(s, "blurImage: the labels given are not found", Mocked);
    }

    private static IEnumerable<SihCase> Crop()
    {
        const string s = "image-handler/crop.spec.ts";
        yield return Same(s, "a crop out of bounds", Json("""{"key":"white-1x1.png","edits":{"crop":{"left":0,"top":0,"width":100,"height":100}}}"""),
            Refused(400, "Crop::AreaOutOfBounds", CropMessage));
        yield return Same(s, "a standard crop", Json("""{"key":"white-5x5.png","edits":{"crop":{"left":0,"top":0,"width":1,"height":1}}}"""),
            Png(1, 1, AtPixel(0, 0, White, "white")), "SIH compares PNG bytes of its encoder; the pixels and size are what is the same");
        yield return Same(s, "an invalid crop (no top)", Json("""{"key":"white-5x5.png","edits":{"crop":{"left":0,"right":0,"width":1,"height":1}}}"""),
            Refused(400, "Crop::AreaOutOfBounds", CropMessage));
    }

    private static IEnumerable<SihCase> ErrorResponse()
    {
        const string s = "image-handler/error-response.spec.ts";
        yield return Same(s, "an error with a status: that status and the error as JSON", Get("missing.jpg"),
            Refused(404, "NoSuchKey", SihImageRequestCases.NoSuchKeyMessage("missing.jpg")));
        yield return Same(s, "sharp's 'Image to composite must have same dimensions or smaller' is a 400",
            Json("""{"key":"transparent-5x5.png","edits":{"overlayWith":{"key":"transparent-10x10.png"}}}"""), Refused(400, "BadRequest", OverlayMessage));
        yield return CoveredElsewhere(s, "any other error is 500 InternalError", Parity.Same,
            "ImageHandlerSettingsTests.An_unexpected_failure_is_the_handlers_json_500_without_internals");
    }

    private static IEnumerable<SihCase> Format()
    {
        const string s = "image-handler/format.spec.ts";
        yield return Same(s, "outputFormat png with edits", Json("""{"key":"white-1x1.png","edits":{"grayscale":true,"flip":true},"outputFormat":"png"}"""),
            Png(1, 1, NotStoredBytes("white-1x1.png")));
        yield return Same(s, "outputFormat webp with effort", Json("""{"key":"white-1x1.png","outputFormat":"webp","effort":3}"""), Webp(1, 1));
        yield return Same(s, "edits without a format", Json("""{"key":"white-1x1.png","edits":{"grayscale":true,"flip":true}}"""), Png(1, 1, NotStoredBytes("white-1x1.png")));
        yield return Same(s, "modifyImageOutput: the format asked for", Json("""{"key":"25x15.png","edits":{"grayscale":true,"flip":true},"outputFormat":"jpeg"}"""), Jpeg(25, 15));
        yield return Same(s, "modifyImageOutput: the source's format otherwise", Json("""{"key":"25x15.png","edits":{"grayscale":true,"flip":true}}"""), Png(25, 15));
        yield return Same(s, "modifyImageOutput: webp with effort", Json("""{"key":"25x15.png","edits":{"grayscale":true,"flip":true},"outputFormat":"webp","effort":3}"""),
            Webp(25, 15));
    }

    private static IEnumerable<SihCase> Limits()
    {
        const string s = "image-handler/limits.spec.ts";
        yield return CoveredElsewhere(s, "an answer over 6 MB is 413 TooLargeImageException", Parity.Different,
            "ImageHandlerErrorTests.Huge_sizes_of_a_real_image_are_the_handlers_400",
            "there is no Lambda 6 MB response cap; answers are bounded by Imaging:MaxOutputWidth/Height (a 400) and sources by Imaging:MaxInputBytes (413 TooLargeImageException)");
    }

    private static IEnumerable<SihCase> Overlay()
    {
        const string s = "image-handler/overlay.spec.ts";
        string Over(string options) => "{\"key\":\"quad.png\",\"edits\":{\"overlayWith\":{\"key\":\"logo.png\"" + options + "}}}";
        yield return Different(s, "overlayWith (bucket 'bucket')", Json("""{"key":"quad.png","edits":{"overlayWith":{"bucket":"bucket","key":"logo.png"}}}"""),
            Refused(403, "ImageBucket::CannotAccessBucket"), SihImageRequestCases.Isolation + " (the overlay's bucket too)");
        yield return Same(s, "overlayWith (own space): in the middle", Json(Over("")), Png(W, H, AtPixel(W / 2, H / 2, Magenta, "the overlay in the middle")));
        yield return Same(s, "overlayWith at -1,-1: from the right and bottom", Json(Over(""","options":{"left":"-1","top":"-1"}""")),
            Png(W, H, AtPixel(228, 188, Magenta, "the overlay 1 px from the bottom-right corner"), AtPixel(239, 199, Yellow, "the last pixel uncovered")));
        yield return Same(s, "overlayWith at 1,1", Json(Over(""","options":{"left":"1","top":"1"}""")),
            Png(W, H, AtPixel(5, 5, Magenta, "the overlay from (1,1)"), AtPixel(0, 0, Red, "the first pixel uncovered")));
        yield return Same(s, "overlayWith at 50p,50p", Json(Over(""","options":{"left":"50p","top":"50p"}""")),
            Png(W, H, AtPixel(125, 105, Magenta, "the overlay from the middle"), NotAtPixel(115, 95, Magenta, "not before")));
        yield return Same(s, "overlayWith at 25.5p (fractions of a pixel)", Json("""{"key":"25x15.png","edits":{"overlayWith":{"key":"1x1.jpg","options":{"left":"25.5p","top":"25.5p"}}}}"""),
            Png(25, 15, NotStoredBytes("25x15.png")));
        yield return Same(s, "overlayWith at -50p,-50p", Json(Over(""","options":{"left":"-50p","top":"-50p"}""")),
            Png(W, H, AtPixel(105, 85, Magenta, "the overlay ending at the middle"), NotAtPixel(95, 75, Magenta, "not before")));
        yield return Same(s, "an overlay from a bucket and key that exist", Json("""{"key":"quad.png","edits":{"overlayWith":{"bucket":"{bucket}","key":"logo.png"}}}"""),
            Png(W, H, AtPixel(W / 2, H / 2, Magenta, "the overlay in the middle")));
        yield return Same(s, "overlay sizes that are not whole pixels (75% x 75%)",
            Json("""{"key":"25x15.png","edits":{"overlayWith":{"key":"25x15.png","wRatio":75,"hRatio":75,"alpha":20}}}"""), Png(25, 15));
        yield return Different(s, "an overlay that does not exist", Json("""{"key":"quad.png","edits":{"overlayWith":{"key":"no-such-overlay.png"}}}"""),
            Refused(404, "NoSuchKey"), "SIH's case is a mocked S3 failure (500); a missing overlay is a 404 `NoSuchKey` here, as S3 itself would say");
        yield return Different(s, "an overlay bucket not allowed", Json("""{"key":"quad.png","edits":{"overlayWith":{"bucket":"invalidBucket","key":"logo.png"}}}"""),
            Refused(403, "ImageBucket::CannotAccessBucket"), "same status and code; the message does not point to SOURCE_BUCKETS (not compared)");
        yield return Same(s, "calcOverlaySizeOption: 50p is half the image", Json(Over(""","options":{"left":"50p","top":"50p"}""")),
            Png(W, H, AtPixel(125, 105, Magenta, "the overlay from the middle")));
        yield return Same(s, "calcOverlaySizeOption: -50p ends at half the image", Json(Over(""","options":{"left":"-50p","top":"-50p"}""")),
            Png(W, H, AtPixel(105, 85, Magenta, "the overlay ending at the middle")));
        yield return Same(s, "calcOverlaySizeOption: \"50\" is 50 px", Json(Over(""","options":{"left":"50","top":"50"}""")),
            Png(W, H, AtPixel(55, 55, Magenta, "the overlay from (50,50)"), NotAtPixel(45, 45, Magenta, "not before")));
        yield return Same(s, "calcOverlaySizeOption: 50 (a number) is 50 px", Json(Over(""","options":{"left":50,"top":50}""")),
            Png(W, H, AtPixel(55, 55, Magenta, "the overlay from (50,50)"), NotAtPixel(45, 45, Magenta, "not before")));
        yield return Same(s, "calcOverlaySizeOption: -60 (a number) from the far edge", Json(Over(""","options":{"left":-60,"top":-60}""")),
            Png(W, H, AtPixel(165, 125, Magenta, "the overlay ending 60 px from the right and bottom"), NotAtPixel(155, 115, Magenta, "not before")));
        yield return Same(s, "calcOverlaySizeOption: \"-50\" from the far edge", Json(Over(""","options":{"left":"-50","top":"-50"}""")),
            Png(W, H, AtPixel(175, 135, Magenta, "the overlay ending 50 px from the right and bottom"), NotAtPixel(165, 125, Magenta, "not before")));
        yield return NotObservable(s, "calcOverlaySizeOption: undefined is NaN", "an overlay without a position is centred (case 2)");
        foreach (var (source, overlay, ok, what) in new[]
                 {
                     ("25x15.png", "25x15.png", true, "both equal - png"), ("aws_logo.png", "25x15.png", true, "both smaller - png"),
                     ("25x15.png", "aws_logo.png", false, "both larger - png"), ("transparent-5x10.png", "transparent-10x10.png", false, "wider - png"),
                     ("transparent-10x5.png", "transparent-10x10.png", false, "taller - png"),
                     ("transparent-10x10.jpeg", "transparent-10x10.jpeg", true, "both equal - jpeg"), ("transparent-10x10.jpeg", "transparent-10x5.jpeg", true, "both smaller - jpeg"),
                     ("transparent-5x5.jpeg", "transparent-10x10.jpeg", false, "both larger - jpeg"), ("transparent-5x10.jpeg", "transparent-10x10.jpeg", false, "wider - jpeg"),
                     ("transparent-10x5.jpeg", "transparent-10x10.jpeg", false, "taller - jpeg"),
                 })
        {
            var request = Json($"{{\"key\":\"{source}\",\"edits\":{{\"overlayWith\":{{\"key\":\"{overlay}\"}}}}}}");
            var size = source switch { "25x15.png" => (25, 15), "aws_logo.png" => (140, 100), _ => (10, 10) };
            yield return ok
                ? Same(s, $"overlay dimensions {what}: fine", request, source.EndsWith(".png") ? Png(size.Item1, size.Item2) : Jpeg(size.Item1, size.Item2))
                : Same(s, $"overlay dimensions {what}: refused", request, Refused(400, "BadRequest", OverlayMessage));
        }
    }

    private static IEnumerable<SihCase> Resize()
    {
        const string s = "image-handler/resize.spec.ts";
        yield return Same(s, "width and height as strings of numbers (rounded)", Json("""{"key":"white-1x1.png","edits":{"resize":{"width":"99.1","height":"99.9"}}}"""), Png(99, 100));
    }

    private static IEnumerable<SihCase> Rotate()
    {
        const string s = "image-handler/rotate.spec.ts";
        yield return Same(s, "rotate null: no EXIF, ICC or orientation", Json("""{"key":"1x1.jpg","edits":{"rotate":null}}"""), Jpeg(1, 1, NoExif, NoIcc));
        yield return Same(s, "no edits keeps EXIF (orientation 3) and ICC", Json("""{"key":"1x1.jpg","edits":{}}"""), Jpeg(1, 1, KeepsExifAndIcc, StoredBytes("1x1.jpg")));
        yield return Same(s, "a source without orientation", Json("""{"key":"white-1x1.png","edits":{}}"""), Png(1, 1, NoExif));
    }

    private static IEnumerable<SihCase> RoundCrop()
    {
        const string s = "image-handler/round-crop.spec.ts";
        yield return Same(s, "roundCrop without options: a circle of the shorter side, trimmed to it", Json("""{"key":"quad.png","edits":{"roundCrop":true}}"""),
            Png(H, H, Transparent(0.02, 0.02, "the corners transparent"), Opaque(0.5, 0.5, "inside opaque")));
        yield return Same(s, "roundCrop with top, left, rx, ry", Json("""{"key":"quad.png","edits":{"roundCrop":{"top":100,"left":100,"rx":100,"ry":100}}}"""),
            Png(200, 200, Opaque(0.5, 0.5, "the ellipse around (100,100) opaque"), Transparent(0.02, 0.98, "its corners transparent"),
                Quadrants(Red, Green, Blue, Yellow, "the quadrants around the centre")));
        yield return NotObservable(s, "hasRoundCrop: true with roundCrop", "an internal predicate (its effect: case 1)");
        yield return NotObservable(s, "hasRoundCrop: false without", "an internal predicate");
        yield return Same(s, "validRoundCropParam: a number above 0 is taken", Json("""{"key":"quad.png","edits":{"roundCrop":{"rx":2,"ry":2}}}"""),
            Png(4, 4, Opaque(0.5, 0.5, "a 2 px ellipse, trimmed to it")));
        yield return Same(s, "validRoundCropParam: below 0 is not (the default)", Json("""{"key":"quad.png","edits":{"roundCrop":{"rx":-1}}}"""),
            Png(H, H, Transparent(0.02, 0.02, "the corners transparent"), Opaque(0.5, 0.5, "the default circle opaque")));
        yield return NotObservable(s, "validRoundCropParam: undefined is not", "no value is the default (case 1)");
    }

    private static IEnumerable<SihCase> SmartCrop()
    {
        const string s = "image-handler/smart-crop.spec.ts";
        var unavailable = Refused(400, "SmartCrop::Unavailable");
        yield return Different(s, "smartCrop crops to the face", Json("""{"key":"quad.png","edits":{"smartCrop":{"faceIndex":0,"padding":0}}}"""), unavailable, NoFaceDetector);
        yield return NotObservable(s, "the image goes to Rekognition as PNG", "what SIH sends Rekognition");
        yield return Different(s, "an excessive padding", Json("""{"key":"quad.png","edits":{"smartCrop":{"faceIndex":0,"padding":80}}}"""), unavailable, NoFaceDetector);
        yield return Different(s, "an excessive faceIndex", Json("""{"key":"quad.png","edits":{"smartCrop":{"faceIndex":10}}}"""), unavailable, NoFaceDetector);
        yield return Different(s, "faceIndex undefined", Json("""{"key":"quad.png","edits":{"smartCrop":{"padding":0}}}"""), unavailable, NoFaceDetector);
        yield return NotObservable(s, "getCropArea from valid inputs", Mocked);
        yield return NotObservable(s, "getCropArea beyond the image after padding", Mocked);
        yield return NotObservable(s, "getBoundingBox: the parameters sent", "what SIH sends Rekognition");
        yield return NotObservable(s, "getBoundingBox: Rekognition fails", "a mocked Rekognition error");
        yield return Different(s, "no faces detected: the image unchanged", Json("""{"key":"quad.png","edits":{"smartCrop":true}}"""), unavailable,
            "even an image without faces is refused: without a detector the portal cannot tell; " + NoFaceDetector);
        yield return NotObservable(s, "bounds beyond the image", Mocked);
        foreach (var bound in new[] { "within the image", "wider than the image", "taller than the image", "height > 1", "width > 1", "top > 1", "top < 0", "left > 1", "left < 0" })
            yield return NotObservable(s, $"handleBounds: {bound}", Mocked);
    }

    private static IEnumerable<SihCase> Standard()
    {
        const string s = "image-handler/standard.spec.ts";
        yield return Same(s, "grayscale and flip", Json("""{"key":"quad.png","edits":{"grayscale":true,"flip":true}}"""), Png(W, H, GreyFlipped));
        yield return Same(s, "no edits: the original", Json("""{"key":"quad.png"}"""), Png(W, H, StoredBytes("quad.png")));
        yield return NotObservable(s, "instantiateSharpImage: no metadata when rotate is null", "whether withMetadata is called (the effect: rotate.spec.ts case 1)");
        yield return Different(s, "instantiateSharpImage: metadata kept when rotate is not null", Json("""{"key":"1x1.jpg","edits":{"grayscale":true}}"""), Jpeg(1, 1, NoExif), Metadata);
        yield return NotObservable(s, "instantiateSharpImage: the source's orientation written back", "an upright orientation looks the same written or not; the portal writes none (case 4)");
    }
}
