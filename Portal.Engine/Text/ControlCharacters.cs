namespace Portal.Engine.Text;

/// <summary>
/// The one rule for control characters in text people type (names, descriptions, addresses, carriers, key names).
/// Control characters (Unicode category Cc: NUL, BEL, ESC, DEL, the C1 range...) are invisible on a page, break CSV
/// files, logs and terminals, and are never typed on purpose, so text fields refuse them. Multi-line fields
/// (descriptions) may keep ordinary line breaks (LF, CR) and tabs, which people paste with paragraphs and lists.
/// </summary>
public static class ControlCharacters
{
    /// <summary>Whether <paramref name="text"/> holds any control character (line breaks and tabs included).</summary>
    public static bool In(string text) => text.Any(char.IsControl);

    /// <summary>A message naming the first control character and where it is, or null when there is none.</summary>
    public static string? Error(string label, string text, bool lineBreaksAllowed = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsControl(c) || (lineBreaksAllowed && c is '\n' or '\r' or '\t')) continue;
            return $"{label} contains a control character (U+{(int)c:X4}, character {i + 1}); "
                   + (lineBreaksAllowed ? "only line breaks and tabs are allowed." : "remove it, and any line breaks or tabs.");
        }
        return null;
    }
}
