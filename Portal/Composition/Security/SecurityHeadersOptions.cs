using Microsoft.Extensions.Options;

namespace Portal.Composition.Security;

/// <summary>Settings under <c>Security:Hsts</c>: how long browsers keep to HTTPS once they have seen the portal over it.</summary>
public sealed class HstsSettings
{
    public const string Section = "Security:Hsts";

    public int MaxAgeDays { get; set; } = 365;

    public bool IncludeSubDomains { get; set; } = true;

    /// <summary>Ask for a place on the browsers' preload lists (only once every subdomain serves HTTPS).</summary>
    public bool Preload { get; set; }
}

public sealed class HstsSettingsValidator : IValidateOptions<HstsSettings>
{
    public ValidateOptionsResult Validate(string? name, HstsSettings settings) =>
        settings.MaxAgeDays is < 1 or > 3650
            ? ValidateOptionsResult.Fail($"{HstsSettings.Section}:MaxAgeDays must be 1 to 3650 days (is {settings.MaxAgeDays}).")
            : settings.Preload && (!settings.IncludeSubDomains || settings.MaxAgeDays < 365)
                ? ValidateOptionsResult.Fail($"{HstsSettings.Section}:Preload needs IncludeSubDomains and a MaxAgeDays of at least 365.")
                : ValidateOptionsResult.Success;
}
