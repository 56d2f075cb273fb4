using static Portal.Tests.Features.Images.Conformance.Sih;
using static Portal.Tests.Features.Images.Conformance.SihLooks;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>SIH v6.3.3 <c>test/index.spec.ts</c> (the Lambda's answer: headers, errors, fallback image) and <c>test/secret-provider.spec.ts</c>.</summary>
public static class SihIndexCases
{
    private const int W = SihSources.Width, H = SihSources.Height;
    private const string Cors =
        "CORS headers come from ASP.NET Core's CORS middleware for the origins in Imaging:Handler:CorsOrigins only, never with credentials (ImageHandlerSettingsTests)";
    private const string Fallback = "there is no default fallback image setting: an error is always the JSON error";
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
        yield return NotYet(s, "the default fallback image on an error", Fallback);
        yield return NotYet(s, "the fallback image with the request's Cache-Control", Fallback);
        yield return NotYet(s, "the fallback image with its own Cache-Control", Fallback);
        yield return NotYet(s, "the fallback image cannot be read: the JSON error", Fallback);
        yield return NotYet(s, "no fallback key: the JSON error", Fallback);
        yield return NotYet(s, "no fallback bucket: the JSON error", Fallback);
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
