using System.Text;
using SkiaSharp;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>How the portal stands to one expectation of Serverless Image Handler v6.3.3's tests.</summary>
public enum Parity
{
    /// <summary>The portal answers as SIH does; the runners (or the test the reason names) check it.</summary>
    Same,

    /// <summary>The portal answers otherwise on purpose (the reason says why); the runners check the portal's answer.</summary>
    Different,

    /// <summary>SIH does it and the portal does not yet; not run, reported to the lead.</summary>
    NotYet,

    /// <summary>An expectation about SIH's insides (mock calls, S3 parameters, Lambda events) that no HTTP client can see.</summary>
    NotObservable,
}

/// <summary>The app a case needs: the handler's settings differ (SIH's environment variables in its tests).</summary>
public enum SihApp
{
    Default,

    /// <summary><c>Imaging:AutoWebp=true</c> (SIH's <c>AUTO_WEBP=Yes</c>).</summary>
    AutoWebp,

    /// <summary><c>Imaging:Handler:SigningSecret</c> set (SIH's <c>ENABLE_SIGNATURE</c> with a Secrets Manager secret).</summary>
    Signed,

    /// <summary>The custom form: <c>/(filters-)/gm</c> rewritten to <c>filters:</c>, as in SIH's tests.</summary>
    Rewrite,

    /// <summary><c>Imaging:Handler:Fallback</c> on, with <see cref="SihFallback.Key"/> (SIH's <c>ENABLE_DEFAULT_FALLBACK_IMAGE=Yes</c>).</summary>
    Fallback,

    /// <summary>The fallback on, its image having its own Cache-Control (<see cref="SihFallback.KeyWithCacheControl"/>).</summary>
    FallbackWithCacheControl,

    /// <summary>The fallback on, its key naming nothing stored (<see cref="SihFallback.MissingKey"/>).</summary>
    FallbackMissing,
}

/// <summary>
/// One HTTP request. <see cref="Path"/> is the path after the endpoint: a Thumbor path, a literal base64 path, or
/// <c>json:{...}</c> for a Default request written as its JSON (base64-encoded when sent). <c>{bucket}</c> stands for the
/// bucket of the space the endpoint reads (the signed-in customer's or the catalog's); in <see cref="Query"/>,
/// <c>{signature}</c> for the path's HMAC with the signed app's secret.
/// </summary>
public sealed record SihRequest(string Path, SihApp App = SihApp.Default, string? Accept = null, string? Query = null)
{
    public const string JsonPrefix = "json:";

    public string PathFor(string bucket)
    {
        var path = Path.Replace("{bucket}", bucket);
        return path.StartsWith(JsonPrefix, StringComparison.Ordinal)
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(path[JsonPrefix.Length..]))
            : path;
    }

    public override string ToString() =>
        (App == SihApp.Default ? "" : $"[{App}] ") + (Path.Length == 0 ? "(empty path)" : Path) + (Query is null ? "" : "?" + Query) + (Accept is null ? "" : $" (Accept: {Accept})");
}

/// <summary>What came back, for the checks of a <see cref="Picture"/>.</summary>
public sealed record SihAnswer(HttpResponseMessage Response, byte[] Body, SKBitmap Bitmap, bool IsPublic, Func<SihRequest, Task<byte[]>> Fetch);

/// <summary>One thing to see in an answer, with the words the README table uses for it.</summary>
public sealed record Look(string Description, Func<SihAnswer, Task<bool>> Holds)
{
    public static Look Of(string description, Func<SihAnswer, bool> holds) => new(description, a => Task.FromResult(holds(a)));
}

public abstract record SihExpected
{
    public abstract string Describe();
}

/// <summary>SIH's error JSON <c>{status, code, message}</c>; a null message is not compared (the reason says why).</summary>
public sealed record Refusal(int Status, string Code, string? Message = null) : SihExpected
{
    public override string Describe() => $"{Status} `{Code}`" + (Message is null ? "" : " with SIH's message");
}

/// <summary>An image of this media type and size; <see cref="SizeTolerance"/> pixels either way (rotations by odd angles).</summary>
public sealed record Picture(string Type, int Width, int Height, Look[] Looks, int SizeTolerance = 0) : SihExpected
{
    /// <summary>200 (any success) but for SIH's fallback image, answered with the error's status.</summary>
    public int Status { get; init; } = 200;

    public override string Describe() =>
        (Status == 200 ? "" : $"{Status} ") + $"{Type.Replace("image/", "")} {Width}x{Height}" + string.Concat(Looks.Select(l => "; " + l.Description));
}

/// <summary>One expectation of one SIH spec file, and the portal's standing on it.</summary>
public sealed record SihCase(string Spec, string Name, SihRequest? Request, SihExpected? Expected, Parity Parity, string? Reason)
{
    /// <summary>"spec#n", n counting the spec's cases from 1 in table order; set by <see cref="SihConformanceCases"/>.</summary>
    public string Id { get; init; } = "";

    /// <summary>The test of the portal that checks a case the runners do not send (a failure no request can cause on purpose).</summary>
    public string? CoveredBy { get; init; }

    /// <summary>Sent by the runners; the other cases are checked by the test their reason names, or not here (not yet, not observable).</summary>
    public bool Runs => Request is not null;
}

/// <summary>Shorthands the case tables are written in.</summary>
public static class Sih
{
    public static SihRequest Get(string path, SihApp app = SihApp.Default, string? accept = null, string? query = null) => new(path, app, accept, query);

    public static SihCase Same(string spec, string name, SihRequest request, SihExpected expected, string? note = null) =>
        new(spec, name, request, expected, Parity.Same, note);

    public static SihCase Different(string spec, string name, SihRequest request, SihExpected expected, string reason) =>
        new(spec, name, request, expected, Parity.Different, reason);

    public static SihCase NotYet(string spec, string name, string reason) => new(spec, name, null, null, Parity.NotYet, reason);

    public static SihCase NotObservable(string spec, string name, string reason) => new(spec, name, null, null, Parity.NotObservable, reason);

    /// <summary>Observable, and checked by another test of the portal than the runners (named in the reason).</summary>
    public static SihCase CoveredElsewhere(string spec, string name, Parity parity, string test, string? reason = null) =>
        new(spec, name, null, null, parity, reason) { CoveredBy = test };

    public static Refusal Refused(int status, string code, string? message = null) => new(status, code, message);

    public static Picture Jpeg(int width, int height, params Look[] looks) => new("image/jpeg", width, height, looks);
    public static Picture Png(int width, int height, params Look[] looks) => new("image/png", width, height, looks);
    public static Picture Webp(int width, int height, params Look[] looks) => new("image/webp", width, height, looks);
    public static Picture Gif(int width, int height, params Look[] looks) => new("image/gif", width, height, looks);
    public static Picture Tiff(int width, int height, params Look[] looks) => new("image/tiff", width, height, looks);
    public static Picture Avif(int width, int height, params Look[] looks) => new("image/avif", width, height, looks);
    public static Picture Heif(int width, int height, params Look[] looks) => new("image/heif", width, height, looks);
}
