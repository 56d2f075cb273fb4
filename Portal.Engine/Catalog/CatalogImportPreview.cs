namespace Portal.Engine.Catalog;

public enum ImportAction { Create, Update, Unchanged, Error }

/// <summary>The stored item a row would update (or leave unchanged), as the preview read it.</summary>
public sealed record CatalogImportTarget(int Id, long Version, CatalogItemFields Fields);

/// <summary>
/// One data row of an import file; <see cref="Line"/> is the line the row starts on (the header is line 1).
/// <see cref="Fields"/> are the values the item would have after the import; for an update, <see cref="Target"/>
/// has the stored values they replace.
/// </summary>
public sealed record CatalogImportRow(int Line, CatalogItemFields? Fields, ImportAction Action, IReadOnlyList<string> Errors, CatalogImportTarget? Target = null);

public sealed record CatalogImportPreview(IReadOnlyList<CatalogImportRow> Rows, IReadOnlyList<string> FileErrors)
{
    /// <summary>Optional columns the file does not have: existing items keep those values, new items take the defaults.</summary>
    public IReadOnlyList<string> AbsentColumns { get; init; } = [];

    /// <summary>Why an apply was refused as a whole (the catalog changed since the preview); nothing was written.</summary>
    public string? Refusal { get; init; }

    /// <summary>The lines an apply of only the valid rows skipped because they have errors.</summary>
    public IReadOnlyList<int> SkippedLines { get; init; } = [];

    /// <summary>Every row can be applied: all or nothing, the default.</summary>
    public bool CanApply => Refusal is null && FileErrors.Count == 0 && Rows.Count > 0 && Rows.All(r => r.Action != ImportAction.Error);

    /// <summary>
    /// Some rows have errors and some do not, so the user may choose to apply only the valid ones. Not when the file
    /// as a whole has a problem (such as too many rows), since rows past it were never previewed.
    /// </summary>
    public bool CanApplyValidRows => Refusal is null && FileErrors.Count == 0 && ErrorRows > 0 && ValidRows > 0;

    public int ValidRows => Rows.Count(r => r.Action != ImportAction.Error);
    public int ErrorRows => Count(ImportAction.Error);

    public int Count(ImportAction action) => Rows.Count(r => r.Action == action);
}
