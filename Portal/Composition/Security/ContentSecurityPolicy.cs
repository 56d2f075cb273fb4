namespace Portal.Composition.Security;

/// <summary>
/// The Content-Security-Policy values. Pages get <see cref="ForPage"/>: scripts only from the portal itself plus the one
/// inline script the framework writes (the import map), admitted by a per-response nonce; no plugins, no framing, no
/// base or form targets elsewhere. Everything else (APIs, images, /aws, files) gets <see cref="ForResource"/>, which lets
/// nothing run even if a response were opened as a document.
/// </summary>
public static class ContentSecurityPolicy
{
    public const string ForResource = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /// <summary>
    /// style-src keeps 'unsafe-inline': MudBlazor writes its theme as an inline &lt;style&gt; element and sets style attributes
    /// on its components (and the portal's own markup has some), and Blazor applies both through the DOM on every render,
    /// so neither a nonce nor a hash can cover them. Styles cannot run code; scripts stay strict.
    /// connect-src 'self' covers the circuit's WebSocket (same origin, ws: or wss:) in CSP Level 3 browsers.
    /// </summary>
    public static string ForPage(string nonce, IEnumerable<string> formTargets, IEnumerable<string>? scriptHashes = null, bool allowEval = false) =>
        string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' 'nonce-{nonce}'{string.Concat((scriptHashes ?? []).Select(h => $" 'sha256-{h}'"))}{(allowEval ? " 'unsafe-eval'" : "")}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action 'self'{string.Concat(formTargets.Select(t => " " + t))}",
            "frame-ancestors 'none'");
}
