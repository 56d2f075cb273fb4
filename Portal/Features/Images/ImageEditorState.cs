using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;

namespace Portal.Features.Images;

/// <summary>
/// What the image editor's controls hold, and the <see cref="ImageEdits"/> they stand for. Values the
/// engine would refuse (an unreadable colour, a sigma out of range) are reported per control by
/// <see cref="Problems"/> instead of being sent.
/// </summary>
public sealed class ImageEditorState
{
    public const double MinBlur = 0.3, MaxBlur = 1000, MinSharpen = 0.3, MaxSharpen = 10;

    // Resize
    public int? Width { get; set; }
    public int? Height { get; set; }
    public ResizeFit Fit { get; set; } = ResizeFit.Cover;
    public string? Background { get; set; }
    public bool WithoutEnlargement { get; set; }

    // Crop (applied before the resize)
    public bool Crop { get; set; }
    public int CropLeft { get; set; }
    public int CropTop { get; set; }
    public int? CropWidth { get; set; }
    public int? CropHeight { get; set; }

    // Orientation
    public int Rotate { get; set; }
    public bool Flip { get; set; }
    public bool Flop { get; set; }

    // Effects
    public bool Grayscale { get; set; }
    public double? Blur { get; set; }
    public double? Sharpen { get; set; }
    public bool Normalize { get; set; }
    public string? Tint { get; set; }
    public string? Flatten { get; set; }
    public bool RoundCrop { get; set; }

    // Output
    /// <summary>"source" (keep the original's format) or the name of one of <see cref="Portal.Engine.Imaging.Processing.OutputFormats.WritableHere"/>.</summary>
    public string Format { get; set; } = SourceFormat;
    public int Quality { get; set; } = 80;

    public const string SourceFormat = "source";

    public ImageFormat? OutputFormat => ImageFormats.Parse(Format);

    /// <summary>
    /// The quality to request when the original is <paramref name="source"/>: only for output with a quality (<see cref="ImageFormats.HasQuality"/>)
    /// (chosen, or kept from the original); null keeps the engine's default.
    /// </summary>
    public int? QualityFor(ImageFormat? source) => (OutputFormat ?? source)?.HasQuality() == true ? Quality : null;

    /// <summary>Control name -> message for values that cannot be sent as they are.</summary>
    public IReadOnlyDictionary<string, string> Problems
    {
        get
        {
            var problems = new Dictionary<string, string>();
            if (Width is <= 0) problems["width"] = "Width must be at least 1 pixel.";
            if (Height is <= 0) problems["height"] = "Height must be at least 1 pixel.";
            if (!string.IsNullOrWhiteSpace(Background) && ColorParser.TryParse(Background) is null) problems["background"] = "Not a colour: use #rrggbb or a name.";
            if (Crop)
            {
                if (CropLeft < 0 || CropTop < 0) problems["crop"] = "Left and top must be 0 or more.";
                else if (CropWidth is null or <= 0 || CropHeight is null or <= 0) problems["crop"] = "Width and height of the crop must be at least 1 pixel.";
            }
            if (Blur is { } blur && (blur < MinBlur || blur > MaxBlur)) problems["blur"] = $"Blur sigma must be between {MinBlur} and {MaxBlur}.";
            if (Sharpen is { } sharpen && (sharpen < MinSharpen || sharpen > MaxSharpen)) problems["sharpen"] = $"Sharpen sigma must be between {MinSharpen} and {MaxSharpen}.";
            if (!string.IsNullOrWhiteSpace(Tint) && ColorParser.TryParse(Tint) is null) problems["tint"] = "Not a colour: use #rrggbb or a name.";
            if (!string.IsNullOrWhiteSpace(Flatten) && ColorParser.TryParse(Flatten) is null) problems["flatten"] = "Not a colour: use #rrggbb or a name.";
            if (Quality is < 1 or > 100) problems["quality"] = "Quality must be between 1 and 100.";
            return problems;
        }
    }

    public string? ProblemFor(string control) => Problems.GetValueOrDefault(control);

    /// <summary>The edits the controls stand for (call only when <see cref="Problems"/> is empty).</summary>
    public ImageEdits ToEdits() => new()
    {
        Resize = Width is null && Height is null
            ? null
            : new ResizeEdit(Width, Height, Fit, ColorParser.TryParse(Background), WithoutEnlargement),
        Extract = Crop && CropWidth is { } w && CropHeight is { } h ? new CropEdit(CropLeft, CropTop, w, h) : null,
        Rotate = Rotate == 0 ? null : Rotate,
        Flip = Flip,
        Flop = Flop,
        Grayscale = Grayscale,
        Blur = Blur,
        Sharpen = Sharpen,
        Normalize = Normalize,
        Tint = ColorParser.TryParse(Tint),
        Flatten = ColorParser.TryParse(Flatten),
        RoundCrop = RoundCrop ? new RoundCropEdit() : null,
    };

    /// <summary>Back to no edits.</summary>
    public void Reset()
    {
        var fresh = new ImageEditorState();
        foreach (var property in typeof(ImageEditorState).GetProperties().Where(p => p.CanWrite))
            property.SetValue(this, property.GetValue(fresh));
    }
}
