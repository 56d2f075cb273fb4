using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Messaging;
using Portal.Engine.Ordering;

namespace Portal.Engine.Data;

/// <summary>
/// The shop's database. Provider-specific subclasses (<see cref="SqlitePortalDbContext"/>,
/// <see cref="PostgresPortalDbContext"/>) exist only so each provider keeps its own migrations.
/// It also holds the data-protection keys, so every instance behind the load balancer reads the
/// same sign-in cookies and antiforgery tokens.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>The clock that stamps created/updated times.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public DbSet<CatalogItem> CatalogItems => Set<CatalogItem>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<SavedAddress> SavedAddresses => Set<SavedAddress>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<ImageAsset> Images => Set<ImageAsset>();
    public DbSet<ImageRendition> ImageRenditions => Set<ImageRendition>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<OutboxPending> OutboxPending => Set<OutboxPending>();
    public DbSet<Messaging.Relay.OutboxRelayLease> OutboxRelayLeases => Set<Messaging.Relay.OutboxRelayLease>();
    public DbSet<Messaging.Log.Embedded.EventLogRecord> EventLogRecords => Set<Messaging.Log.Embedded.EventLogRecord>();
    public DbSet<Messaging.Log.Embedded.EventLogPartition> EventLogPartitions => Set<Messaging.Log.Embedded.EventLogPartition>();
    public DbSet<Messaging.Log.Embedded.EventLogMember> EventLogMembers => Set<Messaging.Log.Embedded.EventLogMember>();
    public DbSet<Messaging.Log.Embedded.EventLogGroupPartition> EventLogGroupPartitions => Set<Messaging.Log.Embedded.EventLogGroupPartition>();
    public DbSet<MembershipChange> MembershipChanges => Set<MembershipChange>();
    public DbSet<Analytics.Lake.LakeExportRun> LakeExportRuns => Set<Analytics.Lake.LakeExportRun>();
    public DbSet<Analytics.Lake.LakeSecret> LakeSecrets => Set<Analytics.Lake.LakeSecret>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Storefront.CartLine> CartLines => Set<Storefront.CartLine>();
    public DbSet<ApiKeys.ApiKey> ApiKeys => Set<ApiKeys.ApiKey>();
    public DbSet<Analytics.Access.AnalystAccessKey> AnalystAccessKeys => Set<Analytics.Access.AnalystAccessKey>();
    public DbSet<Logistics.IdempotencyRecord> IdempotencyRecords => Set<Logistics.IdempotencyRecord>();
    public DbSet<Messaging.Worker.DeadLetter> DeadLetters => Set<Messaging.Worker.DeadLetter>();
    public DbSet<Messaging.Worker.ProcessedEvent> ProcessedEvents => Set<Messaging.Worker.ProcessedEvent>();
    public DbSet<Messaging.Worker.ConsumerControl> ConsumerControls => Set<Messaging.Worker.ConsumerControl>();
    public DbSet<Messaging.Worker.WorkerInvocation> WorkerInvocations => Set<Messaging.Worker.WorkerInvocation>();
    public DbSet<Analytics.Athena.AthenaQueryExecution> AthenaQueryExecutions => Set<Analytics.Athena.AthenaQueryExecution>();
    public DbSet<Analytics.Console.QueryHistoryEntry> QueryHistory => Set<Analytics.Console.QueryHistoryEntry>();
    public DbSet<Analytics.Console.SavedQuery> SavedQueries => Set<Analytics.Console.SavedQuery>();
    public DbSet<Models.Embeddings.ImageEmbedding> ImageEmbeddings => Set<Models.Embeddings.ImageEmbedding>();
    public DbSet<Models.Consent.ImageTrainingConsent> ImageTrainingConsents => Set<Models.Consent.ImageTrainingConsent>();
    public DbSet<Models.Datasets.ModelDataset> ModelDatasets => Set<Models.Datasets.ModelDataset>();
    public DbSet<Models.Datasets.DatasetItem> DatasetItems => Set<Models.Datasets.DatasetItem>();
    public DbSet<Models.Datasets.DatasetVersion> DatasetVersions => Set<Models.Datasets.DatasetVersion>();
    public DbSet<Models.Training.TrainingJob> TrainingJobs => Set<Models.Training.TrainingJob>();
    public DbSet<Models.Registry.ModelVersion> ModelVersions => Set<Models.Registry.ModelVersion>();
    public DbSet<Models.Registry.ModelEndpoint> ModelEndpoints => Set<Models.Registry.ModelEndpoint>();
    public DbSet<Models.Predictions.ImageTag> ImageTags => Set<Models.Predictions.ImageTag>();
    public DbSet<Operations.InstanceSample> InstanceSamples => Set<Operations.InstanceSample>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampChanges()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        MembershipHistory.Record(ChangeTracker, now);
        AppendOnlyAudit.Check(ChangeTracker);
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            if (entry.Entity is ITimestamped stamped)
            {
                if (entry.State == EntityState.Added && stamped.CreatedAt == default) stamped.CreatedAt = now;
                if (entry.State == EntityState.Modified || stamped.UpdatedAt == default) stamped.UpdatedAt = now;
            }
            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                // The original value stays the one read, so the UPDATE's WHERE clause checks it.
                versioned.Version = (long)entry.Property(nameof(IVersioned.Version)).OriginalValue! + 1;
            }
        }
    }
}
