namespace Portal.Engine.Operations;

/// <summary>
/// What the listener heard in the current sampling window: requests (with their durations for the p95), 5xx answers,
/// rendition cache hits and misses, and the consumers' lag as last observed. Thread-safe; <see cref="Take"/> starts a new window.
/// </summary>
public sealed class WindowFigures
{
    /// <summary>Durations kept per window for the percentile; beyond it every n-th is kept (a fair sample of a busy window).</summary>
    private const int DurationCap = 20_000;

    private readonly Lock _lock = new();
    private readonly List<double> _durations = new(1024);
    private long _requests, _errors, _hits, _misses, _seenDurations;
    private readonly Dictionary<string, long> _lag = [];

    public void Request(double milliseconds, int status)
    {
        lock (_lock)
        {
            _requests++;
            if (status >= 500) _errors++;
            _seenDurations++;
            if (_durations.Count < DurationCap) _durations.Add(milliseconds);
            else _durations[(int)(_seenDurations % DurationCap)] = milliseconds;
        }
    }

    public void Rendition(bool hit)
    {
        lock (_lock)
        {
            if (hit) _hits++;
            else _misses++;
        }
    }

    public void Lag(string partition, long lag)
    {
        lock (_lock) _lag[partition] = lag;
    }

    /// <summary>The window's figures over <paramref name="seconds"/>; the counters start again, the lag stays until observed anew.</summary>
    public (double RequestsPerSecond, double ErrorRate, double? P95, double? HitRatio, long Lag) Take(double seconds)
    {
        lock (_lock)
        {
            double? p95 = null;
            if (_durations.Count > 0)
            {
                _durations.Sort();
                p95 = _durations[Math.Min(_durations.Count - 1, (int)Math.Ceiling(_durations.Count * 0.95) - 1)];
            }
            var figures = (
                seconds > 0 ? _requests / seconds : 0,
                _requests > 0 ? (double)_errors / _requests : 0,
                p95,
                _hits + _misses > 0 ? (double?)_hits / (_hits + _misses) : null,
                _lag.Values.Sum());
            _requests = _errors = _hits = _misses = _seenDurations = 0;
            _durations.Clear();
            return figures;
        }
    }
}
