using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Models.Predictions;

/// <summary>
/// Every <see cref="ModelsOptions.RetagPollInterval"/>, looks at the tag endpoint's revision (it rises with each deploy and
/// rollback); when it differs from the last one this instance swept for, it re-tags every image (<see cref="ImageRetagger"/>).
/// Also sweeps once at start-up, which finds nothing to do when the tags are current. Safe on every instance at once:
/// sweeps skip images already tagged by the deployed version.
/// </summary>
public sealed class TagRevisionWatcher(ImageRetagger retagger, ImageTagger tagger, IOptions<ModelsOptions> options, TimeProvider clock,
    ILogger<TagRevisionWatcher> log) : BackgroundService
{
    private long? _swept;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!tagger.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Re-tagging for endpoint {Endpoint} failed; it is tried again at the next look", options.Value.TagEndpoint);
            }
            try
            {
                await Task.Delay(options.Value.RetagPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One look: sweeps when the revision changed since the last complete sweep; returns the sweep, if any.</summary>
    public async Task<RetagSweep?> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (await tagger.DeployedAsync(cancellationToken) is not { } deployed || deployed.Revision == _swept) return null;
        var sweep = await retagger.RetagAllAsync(cancellationToken);
        if (sweep is null) return null;
        // Done for this revision only when every image now carries the deployed version's tags and nothing moved meanwhile.
        if (sweep.TaggedByOtherVersion == 0 && sweep.Deployed.Revision == deployed.Revision) _swept = deployed.Revision;
        log.LogInformation("Re-tagging for endpoint {Endpoint} revision {Revision} finished: {Tagged} tagged, {Current} already current",
            deployed.Endpoint, sweep.Deployed.Revision, sweep.Tagged, sweep.AlreadyCurrent);
        return sweep;
    }
}
