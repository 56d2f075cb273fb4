namespace Portal.Engine.Catalog;

/// <summary>How far a bulk action has got: <see cref="Done"/> of <see cref="Total"/> items processed.</summary>
public readonly record struct BulkProgress(int Done, int Total);

/// <summary>
/// What a bulk activate/deactivate came to: how many items the selection matched and how many of them
/// it changed (the others already were so). With an <see cref="Error"/> nothing was changed.
/// </summary>
public sealed record BulkChangeResult(int Matched, int Changed, string? Error = null)
{
    /// <summary>Ticked rows left out because they are archived (bulk actions never change archived items) or were deleted.</summary>
    public int Skipped { get; init; }

    public bool Succeeded => Error is null;
}
