using Microsoft.Extensions.Options;

namespace Portal.Features.Images.Api;

/// <summary>Settings under <c>Images:Api</c>: how many requests each access token (or signed-in user) may make.</summary>
public sealed class ImageApiOptions
{
    public const string Section = "Images:Api";

    /// <summary>Requests each token (or signed-in user) may make per window; uploads and reads alike.</summary>
    public int PermitsPerWindow { get; set; } = 300;

    public int WindowSeconds { get; set; } = 60;
}

public sealed class ImageApiOptionsValidator : IValidateOptions<ImageApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageApiOptions options)
    {
        var failures = new List<string>();
        if (options.PermitsPerWindow is < 1 or > 1_000_000) failures.Add($"{ImageApiOptions.Section}:PermitsPerWindow must be 1 to 1,000,000.");
        if (options.WindowSeconds is < 1 or > 3600) failures.Add($"{ImageApiOptions.Section}:WindowSeconds must be 1 to 3600.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
