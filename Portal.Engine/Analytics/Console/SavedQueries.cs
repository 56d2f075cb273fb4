using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Text;

namespace Portal.Engine.Analytics.Console;

/// <summary>What saving or renaming came to: the query, or a message for the name field.</summary>
public sealed record SavedQueryChange(SavedQuery? Query, string? NameError, string? SqlError = null)
{
    public bool Succeeded => Query is not null;
}

/// <summary>Each user's named queries: save, rename, delete, list. Names are 1 to 80 characters and unique per user, ignoring case.</summary>
public sealed class SavedQueries(IDbContextFactory<PortalDbContext> dbFactory, IOptions<SqlConsoleOptions> options, TimeProvider clock)
{
    /// <summary>The user's saved queries, by name.</summary>
    public async Task<List<SavedQuery>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queries = await db.SavedQueries.AsNoTracking().Where(q => q.UserId == userId).ToListAsync(cancellationToken);
        return queries.OrderBy(q => q.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>Why <paramref name="name"/> cannot name one of the user's queries (other than <paramref name="exceptId"/>), or null.</summary>
    public async Task<string?> NameErrorAsync(string userId, string? name, int? exceptId = null, CancellationToken cancellationToken = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0) return "Give the query a name.";
        if (name.Length > SavedQuery.MaxNameLength) return $"The name is {name.Length} characters long; at most {SavedQuery.MaxNameLength} are allowed.";
        if (ControlCharacters.Error("The name", name) is { } controlError) return controlError;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var names = await db.SavedQueries.Where(q => q.UserId == userId && q.Id != (exceptId ?? 0)).Select(q => q.Name).ToListAsync(cancellationToken);
        return names.Any(n => string.Equals(n, name, StringComparison.CurrentCultureIgnoreCase))
            ? $"You already have a query named “{name}”; choose another name." : null;
    }

    public async Task<SavedQueryChange> SaveAsync(string userId, string? name, string? sql, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(sql)) return new SavedQueryChange(null, null, "Write the query to save first.");
        if (await NameErrorAsync(userId, name, null, cancellationToken) is { } error) return new SavedQueryChange(null, error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var limit = options.Value.SavedQueriesPerUser;
        if (await db.SavedQueries.CountAsync(q => q.UserId == userId, cancellationToken) >= limit)
            return new SavedQueryChange(null, $"You have {limit} saved queries, the most allowed; delete one first.");
        var now = clock.GetUtcNow().UtcDateTime;
        var query = new SavedQuery { UserId = userId, Name = name!.Trim(), Sql = sql, CreatedAt = now, UpdatedAt = now };
        db.SavedQueries.Add(query);
        return await SaveChangesAsync(db, query, cancellationToken);
    }

    /// <summary>Renames one of the user's queries; an error for the field when the name does not do, or the query is not theirs.</summary>
    public async Task<SavedQueryChange> RenameAsync(string userId, int id, string? name, CancellationToken cancellationToken = default)
    {
        if (await NameErrorAsync(userId, name, id, cancellationToken) is { } error) return new SavedQueryChange(null, error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await db.SavedQueries.FirstOrDefaultAsync(q => q.Id == id && q.UserId == userId, cancellationToken);
        if (query is null) return new SavedQueryChange(null, "This query no longer exists; it may have been deleted in another tab.");
        query.Name = name!.Trim();
        query.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        return await SaveChangesAsync(db, query, cancellationToken);
    }

    /// <summary>Deletes one of the user's queries; false when it is not theirs or is gone already.</summary>
    public async Task<bool> DeleteAsync(string userId, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SavedQueries.Where(q => q.Id == id && q.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    // Two tabs saving the same name at once: the unique index decides, and the loser hears it at the field.
    private static async Task<SavedQueryChange> SaveChangesAsync(PortalDbContext db, SavedQuery query, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new SavedQueryChange(query, null);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return new SavedQueryChange(null, $"You already have a query named “{query.Name}”; choose another name.");
        }
    }
}
