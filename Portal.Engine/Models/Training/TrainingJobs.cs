using System.Text.Json;

namespace Portal.Engine.Models.Training;

/// <summary>Small rules about a <see cref="TrainingJob"/> row: its hyperparameters as JSON, its log, whether it has ended.</summary>
public static class TrainingJobs
{
    /// <summary>Log lines kept per job (the oldest are dropped).</summary>
    public const int MaxLogLines = 300;

    public static bool IsFinished(TrainingJobStatus status) =>
        status is TrainingJobStatus.Succeeded or TrainingJobStatus.Failed or TrainingJobStatus.Cancelled;

    public static string HyperparametersJson(IReadOnlyDictionary<string, double> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyDictionary<string, double> Hyperparameters(TrainingJob job) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(job.HyperparametersJson) ?? [];

    public static IReadOnlyList<string> LogLines(string log) =>
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The log with a line added (time-stamped, UTC) and trimmed to <see cref="MaxLogLines"/>.</summary>
    public static string Append(string log, DateTime at, string line)
    {
        var lines = LogLines(log).ToList();
        lines.Add($"{at:HH:mm:ss} {line.ReplaceLineEndings(" ")}");
        if (lines.Count > MaxLogLines) lines.RemoveRange(0, lines.Count - MaxLogLines);
        return string.Join('\n', lines) + "\n";
    }
}
