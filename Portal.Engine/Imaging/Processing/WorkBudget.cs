using System.Diagnostics;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// What one image request may still spend: the caller's cancellation and the processing time limit, checked between
/// the pipeline's steps. The deadline is read from the clock at each check rather than left to a timer, because a
/// timer's callback runs on the thread pool, whose threads the image work itself holds on a busy box: a 1 s limit
/// could pass unnoticed until the work was done.
/// </summary>
internal readonly record struct WorkBudget(CancellationToken CancellationToken, long DeadlineTimestamp)
{
    public static WorkBudget Unlimited(CancellationToken cancellationToken) => new(cancellationToken, long.MaxValue);

    public static WorkBudget For(TimeSpan limit, CancellationToken cancellationToken) =>
        new(cancellationToken, Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency));

    /// <summary>Throws <see cref="OperationCanceledException"/> when the caller cancelled or the time is up.</summary>
    public void ThrowIfSpent()
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (Stopwatch.GetTimestamp() > DeadlineTimestamp) throw new OperationCanceledException("The processing time limit passed.");
    }
}
