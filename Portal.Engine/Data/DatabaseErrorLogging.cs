using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Portal.Engine.Data;

/// <summary>
/// Database errors at the level they deserve. EF Core logs every failed command and save at Error; but a unique-key
/// refusal is how the portal detects an expected race (two imports of one SKU, two requests for one rendition, one
/// idempotency key claimed twice) and is handled where it happens. Those are logged here as Information; every other
/// failure still at Error. EF's own two events are lowered to Debug so nothing is logged twice.
/// </summary>
public sealed class DatabaseErrorLogging(ILogger<DatabaseErrorLogging> logger) : DbCommandInterceptor, ISaveChangesInterceptor
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, ILoggerFactory loggers) => options
        .ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)))
        .AddInterceptors(new DatabaseErrorLogging(loggers.CreateLogger<DatabaseErrorLogging>()));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => CommandFailed(eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(eventData);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (UniqueViolation.Is(eventData.Exception))
            logger.LogInformation("Saving changes of {Context} was refused by a unique index (an expected race, handled by the caller): {Message}",
                eventData.Context?.GetType().Name, Innermost(eventData.Exception).Message);
        else
            logger.LogError(eventData.Exception, "An exception occurred in the database while saving changes of {Context}", eventData.Context?.GetType().Name);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void CommandFailed(CommandErrorEventData eventData)
    {
        if (UniqueViolation.Is(eventData.Exception))
            logger.LogInformation("A command was refused by a unique index (an expected race, handled by the caller): {Message}", eventData.Exception.Message);
        else
            logger.LogError(eventData.Exception, "Failed executing a database command ({Elapsed} ms)", eventData.Duration.TotalMilliseconds);
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
