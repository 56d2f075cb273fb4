using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Images.Processing;
using Portal.Engine.Imaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Relay;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Storage;

namespace Portal.Bench.Events;

/// <param name="Photos">Uploads, back to back as fast as UploadAsync returns.</param>
/// <param name="UploadSeconds">How long the uploads took (they return at once, Uploaded).</param>
/// <param name="Failed">Images that ended Failed instead of Ready.</param>
public sealed record ImageLatencyResult(int Workers, int Photos, double UploadSeconds, double P50Seconds, double P95Seconds, double MaxSeconds,
    double AllReadySeconds, int Failed);

/// <summary>
/// Upload-to-Ready latency: <see cref="ImageLibrary.UploadAsync"/> (original stored, image Uploaded + ImageUploaded in the
/// outbox, one transaction) -> <see cref="OutboxRelay"/> -> KafkaEventLog -> <see cref="ImageProcessingHandler"/> in one
/// or two <see cref="BatchWorker"/>s of one consumer group (each its own service provider, as separate worker
/// instances would be; the second runs no relay) -> Ready, on PostgreSQL. Each image's latency runs from the start of its
/// upload until the watcher (a query every 50 ms) first sees it Ready.
/// </summary>
public static class ImageLatency
{
    public static string Topic(int workers) => $"bench.images-{workers}w";

    public static async Task<ImageLatencyResult> RunAsync(string kafka, string corpus, int photos, int workers, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(corpus).Order().Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToList();
        if (files.Count == 0) throw new InvalidOperationException($"no photos in {corpus}");
        var connectionString = await PortalStack.NewPostgresDatabaseAsync($"images{workers}", cancellationToken);
        var config = PortalStack.Settings("Postgres", connectionString, kafka);
        config[$"Events:Topics:{EventFamilies.Images}"] = Topic(workers);
        config["Events:Relay:PollInterval"] = "00:00:00.050";
        config["Events:Worker:GroupPrefix"] = $"bench-{Guid.NewGuid():N}";
        config["ObjectStore:RootDirectory"] = Path.Combine(Path.GetTempPath(), $"portal-bench-objects-{Guid.NewGuid():N}");

        var stacks = new List<PortalStack>();
        try
        {
            for (var i = 0; i < workers; i++)
            {
                var withRelay = i == 0;
                stacks.Add(await PortalStack.StartAsync(config, (services, configuration) =>
                {
                    services.AddObjectStore(configuration, Path.GetTempPath());
                    services.AddImaging(configuration);
                    services.AddSingleton(TimeProvider.System);
                    services.AddSingleton<ImageLibrary>();
                    services.AddImageProcessing(configuration);
                    if (withRelay) services.AddOutboxRelay(configuration);
                    services.AddBatchWorker(configuration);
                }, cancellationToken));
            }
            var services = stacks[0].Services;
            var dbs = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            const string owner = "benchuser"; // a customer id as the object store takes it (1-32 lowercase letters and digits)
            await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
            {
                db.Set<PortalUser>().Add(new PortalUser { Id = owner, UserName = "bench", NormalizedUserName = "BENCH", Email = "bench@example.test" });
                await db.SaveChangesAsync(cancellationToken);
            }
            // Let the consumer group form (both members hold partitions) before the first upload.
            await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);

            var library = services.GetRequiredService<ImageLibrary>();
            var clock = Stopwatch.StartNew();
            var startedAt = new Dictionary<Guid, double>();
            var readyAt = new Dictionary<Guid, double>();
            var failed = new HashSet<Guid>();
            var uploads = Task.Run(async () =>
            {
                for (var i = 0; i < photos; i++)
                {
                    var file = files[i % files.Count];
                    var start = clock.Elapsed.TotalSeconds;
                    var result = await library.UploadAsync(owner, $"{i:000}-{file.Name}", new MemoryStream(file.Bytes), cancellationToken);
                    if (result.Image is null) throw new InvalidOperationException($"upload of {file.Name} refused: {result.Error}");
                    lock (startedAt) startedAt[result.Image.Id] = start;
                }
                return clock.Elapsed.TotalSeconds;
            }, cancellationToken);

            var lastProgress = 0.0;
            while (readyAt.Count + failed.Count < photos)
            {
                await Task.Delay(50, cancellationToken);
                if (uploads.IsFaulted) await uploads;
                await using var db = await dbs.CreateDbContextAsync(cancellationToken);
                var done = await db.Images.AsNoTracking().Where(i => i.Status == ImageStatus.Ready || i.Status == ImageStatus.Failed)
                    .Select(i => new { i.Id, i.Status }).ToListAsync(cancellationToken);
                var now = clock.Elapsed.TotalSeconds;
                foreach (var image in done.Where(d => !readyAt.ContainsKey(d.Id) && !failed.Contains(d.Id)))
                {
                    if (image.Status == ImageStatus.Ready) readyAt[image.Id] = now; else failed.Add(image.Id);
                    lastProgress = now;
                }
                if (lastProgress == 0) lastProgress = now;
                if (now - lastProgress > 300) throw new InvalidOperationException($"stalled: {readyAt.Count} Ready, {failed.Count} Failed of {photos}");
            }
            var uploadSeconds = await uploads;
            var latencies = readyAt.Select(r => r.Value - startedAt[r.Key]).Order().ToList();
            return new ImageLatencyResult(workers, photos, uploadSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95),
                latencies.LastOrDefault(), clock.Elapsed.TotalSeconds, failed.Count);
        }
        finally
        {
            foreach (var stack in stacks) await stack.DisposeAsync();
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
