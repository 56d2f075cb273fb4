using Microsoft.Extensions.Options;
using Portal.Engine.Storage;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// Turns a request path in either Serverless Image Handler form (Default: base64 JSON; Thumbor: URL options), with its
/// successor's query parameters spread over it, into one <see cref="ImageRequest"/> with its output format resolved.
/// </summary>
public sealed class ImageRequestParser(IOptions<ImagingOptions> options)
{
    public const string RequestTypeMessage =
        "The type of request you are making could not be processed. Please ensure that your original image is of a supported file type (jpg/jpeg, png, webp, gif, tiff, avif, svg) and that your image request is provided in the correct syntax.";

    /// <param name="path">The path after the image endpoint's prefix, e.g. "eyJrZXkiOiJhLmpwZyJ9" or "/fit-in/300x200/a.jpg".</param>
    /// <param name="accept">The request's Accept header (for auto-WebP).</param>
    /// <param name="query">The request's query parameters (<see cref="ImageQuery"/>): edits spread over the path's, in any form.</param>
    public ImageRequest Parse(string? path, string? accept = null, ImageQuery? query = null) =>
        Parse(path, accept, options.Value.AutoWebp, _rewrite.Value, query);

    private readonly Lazy<CustomRewrite?> _rewrite = new(() => CustomRewrite.From(options.Value.RewriteMatchPattern, options.Value.RewriteSubstitution, out _));

    /// <param name="rewrite">SIH's custom form: when set, a path that is not a Default request is rewritten, then read as Thumbor.</param>
    public static ImageRequest Parse(string? path, string? accept, bool autoWebp, CustomRewrite? rewrite = null, ImageQuery? query = null)
    {
        var trimmed = (path ?? "").TrimStart('/');
        if (trimmed.Length == 0 || trimmed.Length > 4096 || trimmed.Contains('\\') || trimmed.Any(char.IsControl))
            throw new ImageRequestException(400, ImageErrorCodes.RequestTypeError, RequestTypeMessage);

        ImageRequest request;
        Formats.ImageFormat? outputFormat = null;
        try
        {
            var queryEdits = query is { HasEdits: true } ? QueryParamEdits.ToJson(query) : null;
            if (DefaultRequestParser.IsDefaultRequest(trimmed))
                (request, outputFormat) = DefaultRequestParser.Parse(trimmed, queryEdits);
            else if (rewrite is not null)
                request = ThumborRequestParser.Parse(rewrite.Apply("/" + trimmed), queryEdits) with { Kind = ImageRequestKind.Custom };
            else
                request = ThumborRequestParser.Parse(trimmed, queryEdits);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArithmeticException or ArgumentException or IndexOutOfRangeException)
        {
            // Parsing reads only the request: whatever an edit parser did not foresee (a value of a type it did not expect,
            // a number out of every range) is the request's fault, refused as Serverless Image Handler refuses edits it cannot parse.
            throw ImageErrors.CannotParseEdits("a value has a type or size the edit does not take", e);
        }

        if (!ObjectKey.IsValid(request.Key))
            throw new ImageRequestException(400, ImageErrorCodes.RequestTypeError,
                $"The image key '{request.Key}' is not valid: keys are '/'-separated names without '.', '..' or empty parts.");
        var quality = query is null ? null : QueryParamEdits.Quality(query);
        return request with
        {
            OutputFormat = OutputFormatResolver.Resolve(request.Edits, outputFormat, autoWebp, accept),
            Quality = quality ?? request.Quality,
        };
    }
}
