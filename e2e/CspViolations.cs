using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// Records every Content-Security-Policy violation a browser context reports, two ways: a <c>securitypolicyviolation</c>
/// listener injected into every page (and frame) before its scripts run, and Chromium's console errors about the policy
/// (which also cover what is refused before any script could listen). The journeys fail when any was recorded.
/// </summary>
public sealed class CspViolations
{
    private const string Binding = "__portalCspViolation";

    private const string Listener = """
        document.addEventListener('securitypolicyviolation', e => {
          try { window.__portalCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} on ${e.documentURI}` + (e.sample ? ` (${e.sample})` : '')); } catch { }
        });
        """;

    private readonly List<string> _seen = [];

    public static async Task<CspViolations> WatchAsync(IBrowserContext context)
    {
        var violations = new CspViolations();
        await context.ExposeBindingAsync(Binding, (BindingSource _, string what) => violations.Add(what));
        await context.AddInitScriptAsync(Listener);
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                violations.Add(message.Text);
        };
        return violations;
    }

    public IReadOnlyList<string> Seen
    {
        get { lock (_seen) return [.. _seen]; }
    }

    private void Add(string what)
    {
        lock (_seen) _seen.Add(what);
    }

    /// <summary>Fails with every violation listed.</summary>
    public void AssertNone()
    {
        var seen = Seen;
        if (seen.Count > 0)
            throw new Xunit.Sdk.XunitException($"The browser reported {seen.Count} Content-Security-Policy violation(s):\n" + string.Join("\n", seen.Distinct()));
    }
}
