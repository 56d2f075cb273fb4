using System.ComponentModel.DataAnnotations;
using Portal.Engine.Analytics.Access;

namespace Portal.Engine.Demo;

/// <summary>Settings under <c>Demo</c>: demo accounts and data created on first start.</summary>
public sealed class DemoOptions : IValidatableObject
{
    public const string Section = "Demo";

    /// <summary>Create demo accounts (one per role) and demo data when the database is empty.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Password of every demo account; shown on the sign-in page while demo mode is on.</summary>
    [Required, MinLength(8)]
    public string Password { get; set; } = "Portal-demo-1";

    [Range(0, 100_000)] public int Items { get; set; } = 200;
    [Range(0, 100_000)] public int Customers { get; set; } = 500;
    [Range(0, 1_000_000)] public int Orders { get; set; } = 5000;

    /// <summary>
    /// Give the demo items composed product photos (in the background after start-up, once per database).
    /// Tests that do not look at photos switch it off.
    /// </summary>
    public bool Photos { get; set; } = true;

    /// <summary>The demo analyst's access key id (SigV4 for the Athena-compatible API, bearer for the query API); shown on the sign-in page.</summary>
    public string AnalystAccessKeyId { get; set; } = "AKIAPORTALDEMO0000001";

    /// <summary>The demo analyst's secret access key; shown on the sign-in page while demo mode is on.</summary>
    public string AnalystSecretAccessKey { get; set; } = "portal-demo-analyst-secret";

    /// <summary>Seed for the generator, so every demo database is the same.</summary>
    public int Seed { get; set; } = 20261125;

    /// <summary>The password rules the accounts are created under (IdentityComposition), checked here so start-up names the setting.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AnalystAccessKeyText.IdError(AnalystAccessKeyId) is { } idError)
            yield return new ValidationResult($"Demo:AnalystAccessKeyId: {idError}.", [nameof(AnalystAccessKeyId)]);
        if (AnalystAccessKeyText.SecretError(AnalystSecretAccessKey) is { } secretError)
            yield return new ValidationResult($"Demo:AnalystSecretAccessKey: {secretError}.", [nameof(AnalystSecretAccessKey)]);
        if (string.IsNullOrEmpty(Password)) yield break;
        // ASCII, as Identity's PasswordValidator counts: "é" is neither its lower-case letter nor its symbol.
        if (!Password.Any(char.IsAsciiDigit) || !Password.Any(char.IsAsciiLetterUpper) || !Password.Any(char.IsAsciiLetterLower)
            || Password.All(char.IsAsciiLetterOrDigit))
            yield return new ValidationResult("Demo:Password needs a digit, an upper-case and a lower-case letter and a symbol (the accounts' password rules).", [nameof(Password)]);
    }
}
