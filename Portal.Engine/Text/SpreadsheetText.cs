namespace Portal.Engine.Text;

/// <summary>
/// Keeps CSV text cells from running as formulas when a spreadsheet opens the file: a cell that starts
/// with = + - @ (or tab/CR) gets a leading apostrophe, as CsvHelper's InjectionOptions.Escape does. An
/// apostrophe at the start is escaped too, so <see cref="Unprotect"/> gives back exactly the original text.
/// </summary>
public static class SpreadsheetText
{
    private const char Escape = '\'';
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r', Escape];

    public static string Protect(string? text) =>
        string.IsNullOrEmpty(text) || Array.IndexOf(Triggers, text[0]) < 0 ? text ?? "" : Escape + text;

    public static string Unprotect(string text) =>
        text.Length >= 2 && text[0] == Escape && Array.IndexOf(Triggers, text[1]) >= 0 ? text[1..] : text;
}
