using Microsoft.Extensions.Options;

namespace Portal.Composition;

/// <summary>
/// Settings under <c>Authentication:Oidc</c>: sign-in with an OpenID Connect provider (Amazon Cognito)
/// next to the local accounts, and bearer tokens from it for the APIs. Off while <see cref="Authority"/> is empty.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Authentication:Oidc";

    /// <summary>The issuer, e.g. <c>https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf</c>; empty turns OIDC off.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The app client's id (also the audience / <c>client_id</c> accepted in bearer tokens).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The app client's secret (confidential client); empty for a public client.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The claim that lists the user's groups, which are the portal roles.</summary>
    public string RoleClaim { get; set; } = "cognito:groups";

    /// <summary>
    /// Base URL of the Cognito hosted UI (e.g. <c>https://portal.auth.eu-west-1.amazoncognito.com</c>); sign-out sends
    /// the browser to <c>{LogoutBase}/logout?client_id=..&amp;logout_uri=..</c> to end the provider session too.
    /// Empty: the provider's <c>end_session_endpoint</c> if it has one, else only the portal session ends.
    /// </summary>
    public string LogoutBase { get; set; } = "";

    /// <summary>Fetch the discovery document over https only; false only for a provider on loopback in tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Provider name on the sign-in button ("Sign in with ...").</summary>
    public string DisplayName { get; set; } = "Amazon Cognito";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

public sealed class OidcOptionsValidator : IValidateOptions<OidcOptions>
{
    private const string Prefix = OidcOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;

        var failures = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            failures.Add($"{Prefix}Authority '{options.Authority}' is not an absolute http(s) URI such as https://cognito-idp.REGION.amazonaws.com/POOL_ID.");
        else if (authority.Scheme != Uri.UriSchemeHttps && options.RequireHttpsMetadata)
            failures.Add($"{Prefix}Authority '{options.Authority}' must use https (set {Prefix}RequireHttpsMetadata=false only for a provider on loopback in tests).");
        if (string.IsNullOrWhiteSpace(options.ClientId))
            failures.Add($"{Prefix}ClientId is required when {Prefix}Authority is set.");
        if (string.IsNullOrWhiteSpace(options.RoleClaim))
            failures.Add($"{Prefix}RoleClaim must name the claim that lists the user's groups (Cognito: cognito:groups).");
        if (!string.IsNullOrWhiteSpace(options.LogoutBase)
            && (!Uri.TryCreate(options.LogoutBase, UriKind.Absolute, out var logout) || (logout.Scheme != Uri.UriSchemeHttps && logout.Scheme != Uri.UriSchemeHttp)
                || (logout.Scheme != Uri.UriSchemeHttps && options.RequireHttpsMetadata) || !string.IsNullOrEmpty(logout.Query)))
            failures.Add($"{Prefix}LogoutBase '{options.LogoutBase}' must be the absolute https URL of the hosted UI domain, e.g. https://DOMAIN.auth.REGION.amazoncognito.com.");
        if (string.IsNullOrWhiteSpace(options.DisplayName))
            failures.Add($"{Prefix}DisplayName must not be empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
