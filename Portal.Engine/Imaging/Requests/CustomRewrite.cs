using System.Text.RegularExpressions;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// Serverless Image Handler's custom request form: a path that is not a Default request is rewritten with
/// <c>Imaging:RewriteMatchPattern</c> (a JavaScript-style <c>/pattern/flags</c>) and <c>Imaging:RewriteSubstitution</c>
/// (<c>$1</c> for groups), then read as a Thumbor path, as SIH's parseCustomPath does. Flag <c>g</c> replaces every match,
/// <c>i</c>, <c>m</c>, <c>s</c> are the usual; a match that takes longer than 100 ms is the request's 400.
/// </summary>
public sealed class CustomRewrite
{
    private readonly Regex _pattern;
    private readonly string _substitution;
    private readonly bool _global;

    private CustomRewrite(Regex pattern, string substitution, bool global) => (_pattern, _substitution, _global) = (pattern, substitution, global);

    /// <summary>The rewrite the settings describe, null when none is set; the problem in words when they are wrong.</summary>
    public static CustomRewrite? From(string? pattern, string? substitution, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(pattern) && string.IsNullOrEmpty(substitution)) return null;
        if (string.IsNullOrEmpty(pattern) || substitution is null)
        {
            problem = "RewriteMatchPattern and RewriteSubstitution are set together or not at all";
            return null;
        }
        var close = pattern.LastIndexOf('/');
        if (!pattern.StartsWith('/') || close < 1)
        {
            problem = $"RewriteMatchPattern '{pattern}' is not of the form /pattern/flags";
            return null;
        }
        var flags = pattern[(close + 1)..];
        if (flags.Any(f => f is not ('g' or 'i' or 'm' or 's' or 'u')))
        {
            problem = $"RewriteMatchPattern has flags '{flags}'; allowed are g, i, m, s, u";
            return null;
        }
        var options = RegexOptions.CultureInvariant;
        if (flags.Contains('i')) options |= RegexOptions.IgnoreCase;
        if (flags.Contains('m')) options |= RegexOptions.Multiline;
        if (flags.Contains('s')) options |= RegexOptions.Singleline;
        try
        {
            return new CustomRewrite(new Regex(pattern[1..close], options, TimeSpan.FromMilliseconds(100)), substitution, flags.Contains('g'));
        }
        catch (ArgumentException e)
        {
            problem = $"RewriteMatchPattern is not a regular expression: {e.Message}";
            return null;
        }
    }

    /// <summary>The Thumbor path for <paramref name="path"/> (with its leading '/', as SIH's event path).</summary>
    public string Apply(string path)
    {
        try
        {
            return _global ? _pattern.Replace(path, _substitution) : _pattern.Replace(path, _substitution, 1);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ImageRequestException(400, ImageErrorCodes.RequestTypeError, ImageRequestParser.RequestTypeMessage);
        }
    }
}
