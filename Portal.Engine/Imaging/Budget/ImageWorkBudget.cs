using Portal.Engine.Telemetry;

namespace Portal.Engine.Imaging.Budget;

/// <summary>
/// Bounds the CPU work of image processing per <see cref="ImageCaller"/> (<c>Imaging:Budget</c>): a request whose estimated
/// <see cref="ImageCost"/> is over its class's <see cref="ImageClassBudget.MaxCost"/> is refused before it waits or decodes
/// (413 <see cref="ImageErrorCodes.TooExpensive"/>); the others wait for a slot of their own class's
/// <see cref="ImageWorkGate"/>, so anonymous work can fill only its own slots and never delays the portal's or signed-in users'.
/// </summary>
public sealed class ImageWorkBudget : IDisposable
{
    private readonly ImageBudgetOptions _settings;
    private readonly Dictionary<ImageCaller, ImageWorkGate> _gates;

    public ImageWorkBudget(ImagingOptions options, TimeProvider? clock = null)
    {
        _settings = options.Budget;
        _gates = Enum.GetValues<ImageCaller>().ToDictionary(c => c, c =>
        {
            var budget = _settings.For(c);
            return new ImageWorkGate(c, budget.SlotsFor(c, options.MaxConcurrentJobs), budget.QueueLimit,
                TimeSpan.FromSeconds(budget.QueueTimeoutSeconds), clock ?? TimeProvider.System);
        });
    }

    /// <summary>Images <paramref name="caller"/> may have processed at once.</summary>
    public int SlotsOf(ImageCaller caller) => _gates[caller].Slots;

    /// <summary>
    /// Refuses <paramref name="cost"/> when it is over the class's limit, else waits for a slot of the class; the lease frees it.
    /// Refusals are <see cref="ImageRequestException"/>s: 413 too expensive, 503 busy (with <c>RetryAfterSeconds</c>).
    /// </summary>
    public Task<ImageWorkLease> AdmitAsync(ImageCaller caller, ImageCost cost, CancellationToken cancellationToken = default)
    {
        var name = caller.ToString();
        ImagingMetrics.Estimated(name, cost.Units);
        var limit = _settings.For(caller).MaxCost;
        if (limit > 0 && cost.Units > limit)
        {
            ImagingMetrics.Refused(name, "too_expensive");
            throw new ImageRequestException(413, ImageErrorCodes.TooExpensive,
                $"Processing this image would cost about {cost.Units:0.#} units ({cost.Describe()}); {caller.Describe()} requests may spend at most {limit:0.#}. " +
                "Ask for a smaller output or lighter edits.");
        }
        return _gates[caller].EnterAsync(cancellationToken);
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values) gate.Dispose();
    }
}
