using Microsoft.Extensions.Options;

namespace Portal.Engine.Images.Processing;

/// <summary><c>Images:Processing</c> settings: the standard renditions the worker makes and how near a near-duplicate is.</summary>
public sealed class ImageProcessingOptions
{
    public const string Section = "Images:Processing";

    /// <summary>The thumbnail fits inside this many pixels square (WebP).</summary>
    public int ThumbnailSide { get; set; } = 320;

    /// <summary>The web-size rendition fits inside this many pixels square (WebP, never enlarged).</summary>
    public int WebSide { get; set; } = 1600;

    /// <summary>WebP quality of both renditions, 1-100.</summary>
    public int Quality { get; set; } = 80;

    /// <summary>Two images whose 64-bit perceptual hashes differ in at most this many bits are near-duplicates (0-32).</summary>
    public int DuplicateDistance { get; set; } = 10;
}

public sealed class ImageProcessingOptionsValidator : IValidateOptions<ImageProcessingOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageProcessingOptions options)
    {
        var errors = new List<string>();
        if (options.ThumbnailSide is < 16 or > 2048) errors.Add($"{ImageProcessingOptions.Section}:ThumbnailSide must be 16-2048 pixels (it is {options.ThumbnailSide}).");
        if (options.WebSide is < 64 or > 8192) errors.Add($"{ImageProcessingOptions.Section}:WebSide must be 64-8192 pixels (it is {options.WebSide}).");
        if (options.WebSide < options.ThumbnailSide) errors.Add($"{ImageProcessingOptions.Section}:WebSide must not be smaller than ThumbnailSide.");
        if (options.Quality is < 1 or > 100) errors.Add($"{ImageProcessingOptions.Section}:Quality must be 1-100 (it is {options.Quality}).");
        if (options.DuplicateDistance is < 0 or > 32) errors.Add($"{ImageProcessingOptions.Section}:DuplicateDistance must be 0-32 bits (it is {options.DuplicateDistance}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
