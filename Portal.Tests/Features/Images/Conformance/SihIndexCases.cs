using static Portal.Tests.Features.Images.Conformance.Sih;
using static Portal.Tests.Features.Images.Conformance.SihLooks;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>SIH v6.3.3 <c>test/index.spec.ts</c> (the Lambda's answer: headers, errors, fallback image) and <c>test/secret-provider.spec.ts</c>.</summary>
public static class SihIndexCases
{
    private const int W = SihSources.Width, H = SihSources.Height;
    private const string Cors =
        "CORS headers come from ASP.NET Core's CORS middleware for the origins in Imaging:Handler:CorsOrigins only, never with credentials (ImageHandlerSettingsTests)";
    private const string FallbackPrivate = "on /img the fallback's Cache-Control is private (one user's answer; the image itself is the catalog's public fallback)";
    private const string FallbackOwnCacheControl = "an object's own Cache-Control is its `cache-control` metadata";
    private const string FallbackStartUp = "FallbackImageTests.The_fallback_on_without_a_key_stops_start_up_naming_the_setting";
    private const string AsksMaxAge11 = """json:{"key":"missing/test.jpg","headers":{"Cache-Control":"max-age=11,public"}}""";
    private const string Lambda = "the shape of a Lambda/ALB event and answer (isBase64Encoded, statusDescription)";

    public static IEnumerable<SihCase> All() => Index().Concat(SecretProvider());

    private static IEnumerable<SihCase> Index()
    {
        const string s = "index.spec.ts";
        yield return Different(s, "the image, with Content-Type and Cache-Control", Get("test.jpg"),
            Jpeg(W, H, CacheControl(31_536_000), StoredBytes("test.jpg")), "a customer's own images are private; " + Cors);
        yield return Same(s, "custom headers of the request", Get("""json:{"bucket":"{bucket}","key":"test.jpg","headers":{"Custom-Header":"CustomValue"}}"""),
            Jpeg(W, H, Header("Custom-Header", "CustomValue")));
        yield return NotObservable(s, "a request from an ALB", Lambda);
        yield return Same(s, "an error as JSON", Get("missing/test.jpg"),
            Refused(404, "NoSuchKey", SihImageRequestCases.NoSuchKeyMessage("missing/test.jpg")));
        yield return CoveredElsewhere(s, "an error without a status is 500 InternalError", Parity.Same,
            "ImageHandlerSettingsTests.An_unexpected_failure_is_the_handlers_json_500_without_internals");
        yield return Different(s, "the default fallback image on an error", Get("missing/test.jpg", SihApp.Fallback),
            SihFallback.Answer(404, SihFallback.CacheControl(31_536_000, 31_536_000), SihFallback.NoETag), FallbackPrivate);
        yield return Different(s, "the fallback image's own Cache-Control over the request's", Get(AsksMaxAge11, SihApp.FallbackWithCacheControl),
            SihFallback.Answer(404, SihFallback.CacheControl(12, 12)), FallbackPrivate + "; " + FallbackOwnCacheControl);
        yield return Different(s, "the fallback image without its own Cache-Control: the request's", Get(AsksMaxAge11, SihApp.Fallback),
            SihFallback.Answer(404, SihFallback.CacheControl(11, 31_536_000)), FallbackPrivate + ", where the request's Cache-Control is not taken (as for images)");
        yield return Same(s, "the fallback image cannot be read: the JSON error", Get("missing/test.jpg", SihApp.FallbackMissing),
            Refused(404, "NoSuchKey", SihImageRequestCases.NoSuchKeyMessage("missing/test.jpg")));
        yield return CoveredElsewhere(s, "no fallback key: the JSON error", Parity.Different, FallbackStartUp,
            "the fallback on without a key is refused at start-up, naming Imaging:Handler:Fallback:Key: no request meets a half-set fallback");
        yield return CoveredElsewhere(s, "no fallback bucket: the JSON error", Parity.Different, FallbackStartUp,
            "there is no bucket setting: the fallback key is always in the catalog's public space (for /img too, never a customer's space)");
        yield return NotObservable(s, "an error answered to an ALB", Lambda);
        yield return Same(s, "an overlay larger than the image: the JSON error",
            Get("""json:{"key":"25x15.png","edits":{"overlayWith":{"key":"aws_logo.png"}}}"""), Refused(400, "BadRequest", SihImageHandlerCases.OverlayMessage));
    }

    private static IEnumerable<SihCase> SecretProvider()
    {
        const string s = "secret-provider.spec.ts";
        yield return NotObservable(s, "a secret from Secrets Manager when the cache is empty", "the signing secret is a setting, not a Secrets Manager secret");
        yield return NotObservable(s, "a new secret invalidates the cache", "the signing secret is a setting, not a Secrets Manager secret");
    }
}
