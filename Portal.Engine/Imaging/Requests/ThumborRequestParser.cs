using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.Engine.Imaging.Edits;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// The Thumbor form: <c>[unsafe/][trim/][AxB:CxD/][fit-in/][-WxH/][halign/][valign/][smart/][filters:f(args):g(args)/]key</c>,
/// with <c>s3:BUCKET/</c> anywhere before the key.
/// <c>WxH</c> resizes (cover), <c>0xH</c>/<c>Wx0</c> keep the aspect ratio, a negative size mirrors (Thumbor's flip/flop),
/// <c>fit-in</c> fits inside, <c>AxB:CxD</c> crops the source first, <c>smart</c> makes a cover crop keep what the
/// attention strategy finds (this handler's; Serverless Image Handler has no smart crop here). Filters are applied in
/// alphabetical order as Serverless Image Handler does; unknown ones are ignored.
/// </summary>
public static partial class ThumborRequestParser
{
    /// <param name="queryEdits">The query parameters' edits (<see cref="QueryParamEdits"/>), spread over the path's.</param>
    public static ImageRequest Parse(string path, JsonObject? queryEdits = null)
    {
        var rest = path.TrimStart('/');
        var state = new ThumborEdits();
        List<string> filters = [];
        string? bucket = null;
        while (true)
        {
            if (rest.StartsWith("filters:", StringComparison.Ordinal))
            {
                // One or more filters segments ("filters:a():b()/filters:c()/key").
                var (parsed, length) = ThumborFilters.Split(rest);
                if (length >= rest.Length || rest[length] != '/') break;
                filters.AddRange(parsed);
                rest = rest[(length + 1)..];
                continue;
            }
            var slash = rest.IndexOf('/');
            if (slash < 0) break; // the last segment is always part of the key
            var segment = rest[..slash];
            if (segment.StartsWith("s3:", StringComparison.Ordinal) && segment.Length > 3)
            {
                // SIH reads s3:BUCKET from any segment before the key; a request reads one bucket, so two names are refused.
                if (bucket is not null && bucket != segment[3..])
                    throw new ImageRequestException(403, ImageErrorCodes.CannotAccessBucket, "A request reads one bucket; this one names two.");
                bucket = segment[3..];
            }
            else if (!state.TakeOption(segment)) break;
            rest = rest[(slash + 1)..];
        }

        var key = Unescape(rest);
        if (string.IsNullOrEmpty(key) || key.EndsWith('/'))
            throw new ImageRequestException(400, ImageErrorCodes.RequestTypeError,
                "The Thumbor request names no image: the path must end with the image's key, e.g. /fit-in/300x200/photos/cat.jpg.");

        var extension = Path.GetExtension(key).TrimStart('.');
        // SIH's parseRequestType: a Thumbor path ends with a key without an extension or with one of an image it reads.
        if (extension.Length > 0 && !ImageExtensions.Contains(extension))
            throw new ImageRequestException(400, ImageErrorCodes.RequestTypeError, ImageRequestParser.RequestTypeMessage);
        foreach (var filter in filters.Order(StringComparer.Ordinal)) ThumborFilters.Apply(filter, state, extension);
        var edits = queryEdits is { Count: > 0 }
            ? QueryParamEdits.OverThumbor(state.ToEdits(), state.HasResizeKey, state.RotateKey, queryEdits)
            : state.ToEdits();
        return new ImageRequest(bucket, key, edits, null, state.Quality, ImageRequestKind.Thumbor);
    }

    private static string Unescape(string key)
    {
        try
        {
            return Uri.UnescapeDataString(key);
        }
        catch (UriFormatException)
        {
            return key;
        }
    }

    private static readonly HashSet<string> ImageExtensions = new(["jpg", "jpeg", "png", "webp", "tiff", "tif", "svg", "gif", "avif"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(\d{1,6})x(\d{1,6}):(\d{1,6})x(\d{1,6})$")]
    internal static partial Regex CropPattern();

    [GeneratedRegex(@"^(-?)(\d{0,6})x(-?)(\d{0,6})$")]
    internal static partial Regex SizePattern();
}

/// <summary>The edits a Thumbor URL builds up, segment by segment and filter by filter.</summary>
internal sealed class ThumborEdits
{
    public CropEdit? Crop;
    public int? Width, Height;
    public ResizeFit? Fit;
    public RgbaColor? Background;
    public bool WithoutEnlargement;
    public double? Ratio;
    public ImageEdits Edits = ImageEdits.None;
    public int? Quality;
    public bool Smart;

    /// <summary>Serverless Image Handler's edits object would have a resize key (a size or fit-in segment, a resize filter).</summary>
    public bool ResizeKey;

    /// <summary>...and a rotate key (rotate, strip_exif or strip_icc).</summary>
    public bool RotateKey;

    public bool HasResizeKey => ResizeKey || Width is not null || Height is not null || Fit is not null || Background is not null
        || WithoutEnlargement || Ratio is not null;

    /// <summary>Takes a leading path segment if it is a Thumbor option; false when the key starts here.</summary>
    public bool TakeOption(string segment)
    {
        switch (segment)
        {
            case "smart":
                Smart = true;
                return true;
            case "unsafe" or "left" or "center" or "right" or "top" or "middle" or "bottom":
                return true;
            case "fit-in" or "full-fit-in" or "adaptive-fit-in" or "adaptive-full-fit-in":
                Fit = ResizeFit.Inside;
                ResizeKey = true;
                return true;
        }
        if (segment == "trim" || segment.StartsWith("trim:", StringComparison.Ordinal)) return true;
        if (ThumborRequestParser.CropPattern().Match(segment) is { Success: true } crop)
        {
            int N(int group) => int.Parse(crop.Groups[group].Value);
            var (left, top, right, bottom) = (N(1), N(2), N(3), N(4));
            if (right <= left || bottom <= top) throw ImageErrors.CropOutOfBounds();
            Crop = new CropEdit(left, top, right - left, bottom - top);
            return true;
        }
        if (ThumborRequestParser.SizePattern().Match(segment) is { Success: true } size && segment != "x")
        {
            var width = size.Groups[2].Value is { Length: > 0 } w ? int.Parse(w) : 0;
            var height = size.Groups[4].Value is { Length: > 0 } h ? int.Parse(h) : 0;
            if (size.Groups[1].Value == "-") Edits = Edits with { Flop = true };
            if (size.Groups[3].Value == "-") Edits = Edits with { Flip = true };
            ResizeKey = true;
            if (width > 0 || height > 0)
            {
                Width = width > 0 ? width : null;
                Height = height > 0 ? height : null;
                if (width == 0 || height == 0) Fit = ResizeFit.Inside;
            }
            return true;
        }
        return false;
    }

    public ImageEdits ToEdits()
    {
        var fit = Fit ?? ResizeFit.Cover;
        // Thumbor's smart only matters where it crops: a cover resize.
        var position = Smart && fit == ResizeFit.Cover ? ResizePosition.Attention : ResizePosition.Centre;
        var resize = Width is null && Height is null && Ratio is null
            ? null
            : new ResizeEdit(Width, Height, fit, Background, WithoutEnlargement, Ratio, position);
        return Edits with { Extract = Crop, ExtractAfterResize = false, Resize = resize };
    }
}
