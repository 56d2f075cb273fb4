using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Analytics.Athena;

/// <summary>What an analyst asked to run (Athena's StartQueryExecution, validated).</summary>
public sealed record AthenaStartRequest(string UserId, string QueryString, string? ClientRequestToken, string? Database, string Catalog,
    string WorkGroup, S3Location OutputLocation)
{
    public string Hash() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\0', QueryString, Database ?? "", Catalog, WorkGroup, OutputLocation.ToString()))));
}

public enum AthenaStartOutcome { Started, Replayed, TokenMismatch }

/// <summary>A page of an analyst's executions, newest first; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record AthenaExecutionPage(IReadOnlyList<AthenaQueryExecution> Executions, string? NextToken);

/// <summary>The query executions in the database: what the endpoint starts, reads and stops, and what runners claim and finish.</summary>
public sealed class AthenaExecutionStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<(AthenaStartOutcome Outcome, AthenaQueryExecution Execution)> StartAsync(AthenaStartRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = request.Hash();
        if (request.ClientRequestToken is { } token && await FindByTokenAsync(db, request.UserId, token, ct) is { } earlier)
            return (earlier.RequestHash == hash ? AthenaStartOutcome.Replayed : AthenaStartOutcome.TokenMismatch, earlier);

        var execution = new AthenaQueryExecution
        {
            Id = Guid.NewGuid().ToString(), UserId = request.UserId, ClientRequestToken = request.ClientRequestToken, RequestHash = hash,
            QueryString = request.QueryString, Database = request.Database, Catalog = request.Catalog, WorkGroup = request.WorkGroup,
            OutputLocation = request.OutputLocation.ToString(), State = AthenaQueryState.Queued, SubmittedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.AthenaQueryExecutions.Add(execution);
        try
        {
            await db.SaveChangesAsync(ct);
            return (AthenaStartOutcome.Started, execution);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e) && request.ClientRequestToken is { } racing)
        {
            // The same token sent twice at once: the unique index let one in; answer the other with it.
            db.ChangeTracker.Clear();
            var winner = await FindByTokenAsync(db, request.UserId, racing, ct) ?? throw new InvalidOperationException("The racing start vanished.", e);
            return (winner.RequestHash == hash ? AthenaStartOutcome.Replayed : AthenaStartOutcome.TokenMismatch, winner);
        }
    }

    private static Task<AthenaQueryExecution?> FindByTokenAsync(PortalDbContext db, string userId, string token, CancellationToken ct) =>
        db.AthenaQueryExecutions.AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId && e.ClientRequestToken == token, ct);

    /// <summary>The execution if it is this user's (another user's executions do not exist for them).</summary>
    public async Task<AthenaQueryExecution?> FindAsync(string userId, string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AthenaQueryExecutions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.UserId == userId, ct);
    }

    public async Task<IReadOnlyList<AthenaQueryExecution>> FindManyAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AthenaQueryExecutions.AsNoTracking().Where(e => e.UserId == userId && ids.Contains(e.Id)).ToListAsync(ct);
    }

    /// <summary>The user's executions in a work group, newest first. The token is where the previous page ended.</summary>
    public async Task<AthenaExecutionPage> ListAsync(string userId, string workGroup, string? nextToken, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AthenaQueryExecutions.AsNoTracking().Where(e => e.UserId == userId && e.WorkGroup == workGroup);
        if (nextToken is not null)
        {
            var (at, id) = ListCursor.Parse(nextToken);
            query = query.Where(e => e.SubmittedAt < at || (e.SubmittedAt == at && e.Id.CompareTo(id) < 0));
        }
        var page = await query.OrderByDescending(e => e.SubmittedAt).ThenByDescending(e => e.Id).Take(pageSize + 1).ToListAsync(ct);
        if (page.Count <= pageSize) return new AthenaExecutionPage(page, null);
        page.RemoveAt(pageSize);
        return new AthenaExecutionPage(page, ListCursor.Format(page[^1].SubmittedAt, page[^1].Id));
    }

    /// <summary>Stops a queued or running query; stopping a finished one changes nothing (as in Athena). False when there is no such query.</summary>
    public async Task<bool> StopAsync(string userId, string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stopped = await db.AthenaQueryExecutions
            .Where(e => e.Id == id && e.UserId == userId && (e.State == AthenaQueryState.Queued || e.State == AthenaQueryState.Running))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.State, AthenaQueryState.Cancelled)
                .SetProperty(e => e.StateChangeReason, "Query was cancelled by user").SetProperty(e => e.CompletedAt, now), ct);
        return stopped > 0 || await db.AthenaQueryExecutions.AnyAsync(e => e.Id == id && e.UserId == userId, ct);
    }

    /// <summary>Takes the oldest queued query for this runner; null when none is queued (or another runner took it first).</summary>
    public async Task<AthenaQueryExecution?> ClaimNextAsync(string runner, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var next = await db.AthenaQueryExecutions.AsNoTracking().Where(e => e.State == AthenaQueryState.Queued)
                .OrderBy(e => e.SubmittedAt).Select(e => e.Id).FirstOrDefaultAsync(ct);
            if (next is null) return null;
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.AthenaQueryExecutions.Where(e => e.Id == next && e.State == AthenaQueryState.Queued)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.State, AthenaQueryState.Running).SetProperty(e => e.Runner, runner)
                    .SetProperty(e => e.StartedAt, now).SetProperty(e => e.HeartbeatAt, now), ct);
            if (claimed == 1) return await db.AthenaQueryExecutions.AsNoTracking().FirstAsync(e => e.Id == next, ct);
        }
        return null;
    }

    /// <summary>Says this runner's queries still run; answers which of them are no longer RUNNING (stopped, or failed as abandoned).</summary>
    public async Task<IReadOnlyList<string>> HeartbeatAsync(string runner, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.AthenaQueryExecutions.Where(e => ids.Contains(e.Id) && e.Runner == runner && e.State == AthenaQueryState.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.HeartbeatAt, now), ct);
        var running = await db.AthenaQueryExecutions.Where(e => ids.Contains(e.Id) && e.State == AthenaQueryState.Running).Select(e => e.Id).ToListAsync(ct);
        return ids.Except(running).ToList();
    }

    /// <summary>Fails RUNNING queries whose instance stopped reporting (it crashed or was stopped mid-query).</summary>
    public async Task<int> FailAbandonedAsync(TimeSpan abandonedAfter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now - abandonedAfter;
        return await db.AthenaQueryExecutions.Where(e => e.State == AthenaQueryState.Running && e.HeartbeatAt < before)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.State, AthenaQueryState.Failed).SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.ErrorCategory, 1)
                .SetProperty(e => e.StateChangeReason, "The instance running the query stopped before it finished; start the query again."), ct);
    }

    /// <summary>Records success unless the query was stopped meanwhile (then it stays CANCELLED).</summary>
    public async Task<bool> SucceedAsync(string id, long rows, long scannedBytes, long engineMillis, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.AthenaQueryExecutions.Where(e => e.Id == id && e.State == AthenaQueryState.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.State, AthenaQueryState.Succeeded).SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.RowCount, rows).SetProperty(e => e.DataScannedBytes, scannedBytes).SetProperty(e => e.EngineMillis, engineMillis)
                .SetProperty(e => e.StateChangeReason, reason), ct) > 0;
    }

    public async Task FailAsync(string id, string reason, int category, long engineMillis, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (reason.Length > 4000) reason = reason[..3997] + "...";
        await db.AthenaQueryExecutions.Where(e => e.Id == id && e.State == AthenaQueryState.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.State, AthenaQueryState.Failed).SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.StateChangeReason, reason).SetProperty(e => e.ErrorCategory, category).SetProperty(e => e.EngineMillis, engineMillis), ct);
    }
}

/// <summary>ListQueryExecutions' NextToken: where the previous page ended (submission time and id), opaque to clients.</summary>
public static class ListCursor
{
    public static string Format(DateTime at, string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks}|{id}"));

    public static bool TryParse(string token, out (DateTime At, string Id) cursor)
    {
        cursor = default;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks) || ticks < 0 || ticks > DateTime.MaxValue.Ticks || parts[1].Length > 64) return false;
            cursor = (new DateTime(ticks, DateTimeKind.Utc), parts[1]);
            return true;
        }
        catch (FormatException) { return false; }
    }

    public static (DateTime At, string Id) Parse(string token) =>
        TryParse(token, out var cursor) ? cursor : throw new ArgumentException("Invalid NextToken.", nameof(token));
}
