using Microsoft.Extensions.Options;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging;

/// <summary>Settings under <c>Imaging</c>: safety limits and defaults of the image engine.</summary>
public sealed class ImagingOptions
{
    public const string Section = "Imaging";

    /// <summary>Largest source (and overlay) object accepted, in bytes.</summary>
    public long MaxInputBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Largest source width x height, checked from the header before any pixel is decoded.</summary>
    public long MaxInputPixels { get; set; } = 100_000_000;

    /// <summary>Largest output width and height.</summary>
    public int MaxOutputWidth { get; set; } = 8192;
    public int MaxOutputHeight { get; set; } = 8192;

    /// <summary>Longest one image may take; past it the request fails with 503 ImageProcessing::Timeout.</summary>
    public double ProcessingTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Images processed at the same time per caller class (default: one per processor) unless the class sets its own
    /// <c>Budget:{class}:MaxConcurrent</c>; anonymous callers get half of it.
    /// </summary>
    public int MaxConcurrentJobs { get; set; } = Environment.ProcessorCount;

    /// <summary>The work budget per caller class (<c>Imaging:Budget</c>): cost limits, slots, queues.</summary>
    public ImageBudgetOptions Budget { get; set; } = new();

    /// <summary>
    /// Source formats accepted, recognised by their magic bytes: a comma-separated subset of jpeg,png,webp,gif,tiff,avif,svg.
    /// SVG is only ever rasterised by a request with edits (as SIH turns it into PNG); unedited it is refused, never served as markup.
    /// </summary>
    public string AllowedInputFormats { get; set; } = "jpeg,png,webp,gif,tiff,avif,svg";

    /// <summary>Largest SVG source, in bytes: its XML is parsed whole before its size is known.</summary>
    public long MaxSvgBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest SVG rendering (width x height at its own size), on top of <see cref="MaxInputPixels"/>.</summary>
    public long MaxSvgPixels { get; set; } = 25_000_000;

    internal IEnumerable<string> AllowedInputFormatNames =>
        AllowedInputFormats.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Answer WebP when the request does not name a format and the client accepts image/webp.</summary>
    public bool AutoWebp { get; set; }

    /// <summary>
    /// Faster system codecs next to Skia's: libjpeg-turbo's TurboJPEG (Debian <c>libturbojpeg0</c>) for JPEG and libwebp
    /// (<c>libwebp7</c>) for WebP output. <c>Auto</c> uses each when installed, <c>Off</c> uses Skia's only, <c>Required</c>
    /// stops start-up when one is missing.
    /// </summary>
    public string SystemCodecs { get; set; } = "Auto";

    internal bool Off => SystemCodecs.Equals("Off", StringComparison.OrdinalIgnoreCase);
    internal bool UseTurboJpeg => !Off && Processing.TurboJpeg.IsAvailable;
    internal bool UseSystemWebp => !Off && Processing.SystemWebp.IsAvailable;

    /// <summary>SIH's custom request form: a JavaScript-style <c>/pattern/flags</c> and its substitution (see <see cref="Requests.CustomRewrite"/>).</summary>
    public string? RewriteMatchPattern { get; set; }
    public string? RewriteSubstitution { get; set; }

    /// <summary>Quality for lossy output when the request names none (1-100).</summary>
    public int DefaultQuality { get; set; } = 80;

    internal IReadOnlySet<ImageFormat> AllowedFormats =>
        AllowedInputFormatNames.Select(f => ImageFormats.ParseReadable(f) ?? throw new InvalidOperationException(f)).ToHashSet();
}

public sealed class ImagingOptionsValidator : IValidateOptions<ImagingOptions>
{
    public ValidateOptionsResult Validate(string? name, ImagingOptions options)
    {
        var failures = new List<string>();
        var p = ImagingOptions.Section;
        if (options.MaxInputBytes < 1) failures.Add($"{p}:MaxInputBytes must be positive.");
        if (options.MaxInputPixels < 1) failures.Add($"{p}:MaxInputPixels must be positive.");
        if (options.MaxSvgBytes < 1) failures.Add($"{p}:MaxSvgBytes must be positive.");
        if (options.MaxSvgPixels < 1) failures.Add($"{p}:MaxSvgPixels must be positive.");
        if (options.MaxOutputWidth is < 1 or > 65535) failures.Add($"{p}:MaxOutputWidth must be 1 to 65535.");
        if (options.MaxOutputHeight is < 1 or > 65535) failures.Add($"{p}:MaxOutputHeight must be 1 to 65535.");
        if (options.ProcessingTimeoutSeconds is <= 0 or > 3600) failures.Add($"{p}:ProcessingTimeoutSeconds must be more than 0 and at most 3600.");
        if (options.MaxConcurrentJobs is < 1 or > 1024) failures.Add($"{p}:MaxConcurrentJobs must be 1 to 1024.");
        if (options.DefaultQuality is < 1 or > 100) failures.Add($"{p}:DefaultQuality must be 1 to 100.");
        if (options.SystemCodecs is not ("Auto" or "Off" or "Required"))
            failures.Add($"{p}:SystemCodecs must be 'Auto', 'Off' or 'Required', not '{options.SystemCodecs}'.");
        else if (options.SystemCodecs == "Required" && !(Processing.TurboJpeg.IsAvailable && Processing.SystemWebp.IsAvailable))
            failures.Add($"{p}:SystemCodecs is 'Required' but libturbojpeg and/or libwebp are not installed (Debian: apt-get install libturbojpeg0 libwebp7).");
        Requests.CustomRewrite.From(options.RewriteMatchPattern, options.RewriteSubstitution, out var rewriteProblem);
        if (rewriteProblem is not null) failures.Add($"{p}: {rewriteProblem}.");
        if (options.Budget is null) failures.Add($"{p}:Budget must be a section.");
        else failures.AddRange(options.Budget.Problems($"{p}:{ImageBudgetOptions.Section}"));
        if (!options.AllowedInputFormatNames.Any()) failures.Add($"{p}:AllowedInputFormats must name at least one format.");
        foreach (var format in options.AllowedInputFormatNames)
        {
            if (ImageFormats.ParseReadable(format) is null)
                failures.Add($"{p}:AllowedInputFormats has '{format}'; allowed are {ImageFormats.ReadableNames}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
