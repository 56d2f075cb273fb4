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
                state.Edits = state.Edits with { Operations = (state.Edits.Operations ?? SharpOperations.None) with { Convolve = Convolution(value) } };
                break;
            case "animated":
                state.Edits = state.Edits with { Animated = !value.Equals("false", StringComparison.OrdinalIgnoreCase) };
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
                var format = ImageFormats.Parse(formatName) ?? throw ImageFormats.Unsupported(formatName);
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
                state.RotateKey = true;
                break;
            case "strip_exif" or "strip_icc":
                // SIH's rotate: null: written anew without metadata (and the EXIF orientation applied), even with no other edit.
                state.Edits = state.Edits with { StripMetadata = true };
                state.RotateKey = true;
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

    /// <summary>
    /// SIH's mapConvolution: <c>convolution(k1;k2;...,width[,normalize])</c> is sharp's convolve of that kernel, its height the
    /// values over the width rounded up, the scale (sharp's default) the kernel's sum; what sharp refuses is refused here.
    /// </summary>
    private static ConvolveEdit Convolution(string value)
    {
        const string shape = "it must be a kernel of 3 to 1001 by 3 to 1001 numbers separated by ';', then its width, e.g. convolution(1;2;1;2;4;2;1;2;1,3,false)";
        var parts = value.Split(',');
        var kernel = parts[0].Split(';').Select(v => v.Trim() is { Length: 0 } ? 0 : KernelNumber(v) ?? throw ImageErrors.BadEdit("convolution", shape)).ToArray();
        var width = Number(parts, 1) is { } w && w == Math.Floor(w) && w is >= 3 and <= 1001 ? (int)w : throw ImageErrors.BadEdit("convolution", shape);
        var height = (kernel.Length + width - 1) / width;
        if (height is < 3 or > 1001 || kernel.Length != width * height) throw ImageErrors.BadEdit("convolution", shape);
        return new ConvolveEdit(width, height, kernel, Math.Max(1, kernel.Sum()), 0);
    }

    private static double? KernelNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && Math.Abs(number) <= 1e6 ? number : null;

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
