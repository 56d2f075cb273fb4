using System.Globalization;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Requests;

/// <summary>Thumbor filters as Serverless Image Handler maps them onto edits.</summary>
internal static class ThumborFilters
{
    /// <summary>Splits <c>filters:a(x):b(y,z)</c> into "a(x)", "b(y,z)"; arguments may hold '/' (watermark keys). Returns the length consumed.</summary>
    public static (List<string> Filters, int Length) Split(string text)
    {
        var filters = new List<string>();
        var i = "filters:".Length;
        while (i < text.Length)
        {
            var open = text.IndexOf('(', i);
            if (open < 0) break;
            var close = text.IndexOf(')', open);
            if (close < 0) break;
            var name = text[i..open];
            if (name.Contains('/')) break;
            filters.Add(text[i..(close + 1)]);
            i = close + 1;
            if (i < text.Length && text[i] == ':') i++;
            else break;
        }
        return (filters, i);
    }

    public static void Apply(string filter, ThumborEdits state, string fileExtension)
    {
        var open = filter.IndexOf('(');
        var name = filter[..open];
        var value = filter[(open + 1)..^1];
        var args = value.Split(',').Select(a => a.Trim()).ToArray();
        switch (name)
        {
            case "autojpg":
                state.Edits = state.Edits with { ToFormat = ImageFormat.Jpeg };
                break;
            case "background_color":
                state.Edits = state.Edits with { Flatten = Color(value, name) };
                break;
            case "blur":
                var radius = Required(args, 0, name);
                var sigma = Number(args, 1) ?? radius / 2;
                if (sigma > 0) state.Edits = state.Edits with { Blur = Math.Clamp(sigma, 0.3, 1000) };
                break;
            case "convolution":
                throw NotYet(name, "convolve");
            case "animated":
                // A still is what the engine writes: animated(false) is that; an animated GIF answer cannot be made yet.
                if (!value.Equals("false", StringComparison.OrdinalIgnoreCase) && fileExtension.Equals("gif", StringComparison.OrdinalIgnoreCase))
                    throw NotYet(name, "animated GIF output");
                break;
            case "equalize":
                state.Edits = state.Edits with { Normalize = true };
                break;
            case "fill":
                state.Background = Color(value, name);
                state.Fit = ResizeFit.Contain;
                break;
            case "format":
                // SIH's mapFormat: only the formats it names are taken, anything else is ignored; one it names that the
                // engine cannot write is refused.
                var formatName = new string(value.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant().Replace("jpg", "jpeg");
                if (!SihFormats.Contains(formatName)) break;
                var format = ImageFormats.Parse(formatName);
                if (format is null || !format.Value.CanWrite())
                    throw new ImageRequestException(400, ImageErrorCodes.UnsupportedOutputFormat, $"The output format '{formatName}' is not supported; use jpeg, png or webp.");
                state.Edits = state.Edits with { ToFormat = format };
                break;
            case "grayscale":
                state.Edits = state.Edits with { Grayscale = true };
                break;
            case "no_upscale":
                state.WithoutEnlargement = true;
                break;
            case "proportion":
                if (Number(args, 0) is not (> 0 and var ratio)) throw ImageErrors.BadEdit(name, "the proportion must be a number greater than 0");
                if (state.Width is not null && state.Height is not null)
                {
                    var (width, height) = (Math.Round(state.Width.Value * ratio), Math.Round(state.Height.Value * ratio));
                    if (width < 1 || height < 1) throw ImageErrors.InvalidSize();
                    if (width > 1_000_000 || height > 1_000_000) throw ImageErrors.BadResize("the proportion makes it too large");
                    (state.Width, state.Height) = ((int)width, (int)height);
                }
                else state.Ratio = Math.Min(ratio, 100);
                break;
            case "quality":
                if (Number(args, 0) is not { } quality || quality is < 1 or > 100)
                    throw ImageErrors.BadEdit("quality", "quality must be 1 to 100");
                state.Quality = (int)Math.Round(quality);
                break;
            case "rgb":
                byte Channel(int i) => (byte)Math.Clamp(Math.Round(255 * (Number(args, i) ?? 0) / 100), 0, 255);
                state.Edits = state.Edits with { Tint = new RgbaColor(Channel(0), Channel(1), Channel(2)) };
                break;
            case "rotate":
                state.Edits = state.Edits with { Rotate = Required(args, 0, name) };
                break;
            case "sharpen":
                var sharpen = 1 + (Number(args, 1) ?? 0) / 2;
                state.Edits = state.Edits with { Sharpen = Math.Clamp(sharpen, 0.3, 10) };
                break;
            case "stretch":
                if (state.Fit != ResizeFit.Inside) state.Fit = ResizeFit.Fill;
                break;
            case "upscale":
                state.Fit = ResizeFit.Inside;
                break;
            case "watermark":
                Watermark(args, state);
                break;
            case "strip_exif" or "strip_icc":
                // SIH's rotate: null: written anew without metadata (and the EXIF orientation applied), even with no other edit.
                state.Edits = state.Edits with { StripMetadata = true };
                break;
            // Filters SIH's mapper does not know are ignored, as there.
        }
    }

    private static void Watermark(string[] args, ThumborEdits state)
    {
        string Arg(int i) => i < args.Length ? args[i] : "";
        if (string.IsNullOrEmpty(Arg(1))) throw ImageErrors.BadEdit("watermark", "the watermark image's key is required");
        double? Percent(int i) => Number(args, i) is { } n ? Math.Clamp(n, 0, 100) : null;
        string? Position(int i) => OverlayPosition.TryParse(Arg(i)) is not null ? Arg(i) : null;
        state.Edits = state.Edits with
        {
            Overlay = new OverlayEdit(Arg(1), Arg(0) is { Length: > 0 } b ? b : null, Percent(4) ?? 0, Percent(5), Percent(6), Position(2), Position(3)),
        };
    }

    /// <summary>The formats SIH's mapFormat takes (lib/enums.ts ImageFormatTypes it lists).</summary>
    private static readonly HashSet<string> SihFormats = ["heic", "heif", "jpeg", "png", "raw", "tiff", "webp", "gif", "avif"];

    private static RgbaColor Color(string value, string filter) =>
        ColorParser.TryParse(value) ?? throw ImageErrors.BadEdit(filter, $"'{value}' is not a colour (a name such as red or hex such as ff0000)");

    private static double Required(string[] args, int index, string filter) =>
        Number(args, index) ?? throw ImageErrors.BadEdit(filter, $"argument {index + 1} must be a number");

    /// <summary>A filter SIH maps onto an edit the engine cannot apply yet: refused, never ignored.</summary>
    private static ImageRequestException NotYet(string filter, string operation) =>
        new(400, ImageErrorCodes.InvalidEdit, $"The '{filter}' filter is not supported yet: this image handler cannot apply {operation}.");

    private static double? Number(string[] args, int index) =>
        index < args.Length && double.TryParse(args[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value : null;
}
