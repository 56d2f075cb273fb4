namespace Portal.Tests.Engine.Archival;

/// <summary>A clock the test moves by hand (objects are written at the real time; the clock says how old they are).</summary>
public sealed class ArchivalTestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static ArchivalTestClock StartingNow() => new(DateTimeOffset.UtcNow);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
