namespace Portal.Engine;

/// <summary>
/// An entity guarded by optimistic concurrency. The context bumps <see cref="Version"/> on every
/// update, so a save carrying a stale version is refused on every provider (SQLite has no rowversion).
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>An entity whose created/updated times the context keeps.</summary>
public interface ITimestamped
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
}
