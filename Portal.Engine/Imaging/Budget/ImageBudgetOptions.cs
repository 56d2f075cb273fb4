namespace Portal.Engine.Imaging.Budget;

/// <summary>
/// Settings under <c>Imaging:Budget</c>: one <see cref="ImageClassBudget"/> per <see cref="ImageCaller"/>. The classes have
/// separate slots, so the portal's own renditions never wait behind anonymous work; the defaults let anonymous callers use
/// half the cores and refuse their most expensive edits.
/// </summary>
public sealed class ImageBudgetOptions
{
    public const string Section = "Budget";

    /// <summary>The portal's own work waits rather than fails: a long queue, no cost limit.</summary>
    public ImageClassBudget Internal { get; set; } = new() { QueueLimit = 1000, QueueTimeoutSeconds = 60 };
    public ImageClassBudget SignedIn { get; set; } = new() { MaxCost = 2_000 };
    public ImageClassBudget Anonymous { get; set; } = new() { MaxCost = 300, QueueLimit = 16, QueueTimeoutSeconds = 5 };

    public ImageClassBudget For(ImageCaller caller) => caller switch
    {
        ImageCaller.Internal => Internal,
        ImageCaller.SignedIn => SignedIn,
        ImageCaller.Anonymous => Anonymous,
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    /// <summary>What is wrong with these settings, each naming its key under <paramref name="prefix"/> (e.g. <c>Imaging:Budget</c>).</summary>
    public IEnumerable<string> Problems(string prefix)
    {
        foreach (var caller in Enum.GetValues<ImageCaller>())
        {
            var p = $"{prefix}:{caller}";
            if (For(caller) is not { } budget)
            {
                yield return $"{p} must be a section with MaxConcurrent, QueueLimit, QueueTimeoutSeconds and MaxCost.";
                continue;
            }
            if (budget.MaxConcurrent is < 1 or > 1024) yield return $"{p}:MaxConcurrent must be 1 to 1024.";
            if (budget.QueueLimit is < 0 or > 100_000) yield return $"{p}:QueueLimit must be 0 to 100000.";
            if (!(budget.QueueTimeoutSeconds > 0 && budget.QueueTimeoutSeconds <= 3600))
                yield return $"{p}:QueueTimeoutSeconds must be more than 0 and at most 3600.";
            if (!(budget.MaxCost >= 0 && double.IsFinite(budget.MaxCost))) yield return $"{p}:MaxCost must be 0 (no limit) or more.";
        }
    }
}

/// <summary>The limits of one class of caller.</summary>
public sealed class ImageClassBudget
{
    /// <summary>Images of this class processed at once; when unset, <c>Imaging:MaxConcurrentJobs</c> (anonymous: half of it, at least 1).</summary>
    public int? MaxConcurrent { get; set; }

    /// <summary>Requests that may wait for a slot; beyond them a request is answered 503 at once.</summary>
    public int QueueLimit { get; set; } = 64;

    /// <summary>Longest wait for a slot; past it the request is answered 503 with <c>Retry-After</c>.</summary>
    public double QueueTimeoutSeconds { get; set; } = 10;

    /// <summary>Largest estimated cost of one request, in <see cref="ImageCost"/> units (about 10 ms of one core each); 0 is no limit.</summary>
    public double MaxCost { get; set; }

    /// <summary>The slots of this class when <see cref="MaxConcurrent"/> is unset.</summary>
    internal int SlotsFor(ImageCaller caller, int maxConcurrentJobs) =>
        MaxConcurrent ?? (caller == ImageCaller.Anonymous ? Math.Max(1, maxConcurrentJobs / 2) : maxConcurrentJobs);
}
