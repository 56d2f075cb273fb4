namespace Portal.Engine.Models.Training;

/// <summary>A hyperparameter a trainer takes: its default and the range an analyst may set (whole numbers when <see cref="Integer"/>).</summary>
public sealed record HyperparameterSpec(string Name, string Label, double Default, double Min, double Max, bool Integer, string Help);

/// <summary>An ML.NET multiclass trainer offered for training over embeddings, by the name a <see cref="TrainingJob"/> stores.</summary>
public sealed record TrainerSpec(string Name, string DisplayName, string Description, IReadOnlyList<HyperparameterSpec> Hyperparameters);

/// <summary>
/// The ML.NET multiclass trainers offered over embeddings (all in Microsoft.ML itself, no extra package), their
/// hyperparameters, and the check of a request's hyperparameters against them.
/// </summary>
public static class Trainers
{
    public const string LbfgsMaximumEntropy = "lbfgs-maximum-entropy";
    public const string SdcaMaximumEntropy = "sdca-maximum-entropy";
    public const string AveragedPerceptronOneVersusAll = "averaged-perceptron-ova";

    public static readonly IReadOnlyList<TrainerSpec> All =
    [
        new(LbfgsMaximumEntropy, "L-BFGS maximum entropy",
            "Multinomial logistic regression fitted by L-BFGS: a solid default for embeddings, calibrated probabilities.",
            [
                new("L2Regularization", "L2 regularization", 1, 0, 100, false, "Weight decay; larger values give smoother, less over-fitted models."),
                new("L1Regularization", "L1 regularization", 1, 0, 100, false, "Pushes weights to zero; larger values give sparser models."),
                new("OptimizationTolerance", "Optimization tolerance", 1e-7, 1e-10, 0.1, false, "Stops when the loss improves by less than this."),
                new("HistorySize", "History size", 20, 1, 100, true, "Past updates L-BFGS keeps to estimate the curvature."),
                new("MaximumNumberOfIterations", "Maximum iterations", 200, 1, 10_000, true, "Upper bound on optimizer iterations."),
            ]),
        new(SdcaMaximumEntropy, "SDCA maximum entropy",
            "Multinomial logistic regression fitted by stochastic dual coordinate ascent: fast on larger datasets.",
            [
                new("L2Regularization", "L2 regularization", 1e-4, 1e-8, 10, false, "Weight decay; larger values give smoother models."),
                new("L1Regularization", "L1 regularization", 0, 0, 10, false, "Pushes weights to zero; larger values give sparser models."),
                new("MaximumNumberOfIterations", "Passes over the data", 30, 1, 1000, true, "Epochs of coordinate ascent."),
                new("ConvergenceTolerance", "Convergence tolerance", 0.1, 1e-6, 1, false, "Stops when the duality gap falls below this."),
            ]),
        new(AveragedPerceptronOneVersusAll, "Averaged perceptron, one versus all",
            "One averaged perceptron per label (Platt-calibrated), the label with the highest score wins.",
            [
                new("LearningRate", "Learning rate", 1, 1e-4, 10, false, "Step size of each perceptron update."),
                new("L2Regularization", "L2 regularization", 0, 0, 1, false, "Weight decay applied at each update."),
                new("NumberOfIterations", "Passes over the data", 10, 1, 200, true, "Epochs each perceptron trains for."),
            ]),
    ];

    public static TrainerSpec? Find(string? name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// The trainer's hyperparameters with the request's values over the defaults, in the spec's order. Throws
    /// <see cref="ModelsException"/> naming the field for an unknown trainer or hyperparameter, or a value out of range.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Resolve(string? trainer, IReadOnlyDictionary<string, double>? values)
    {
        var spec = Find(trainer) ?? throw new ModelsException(
            $"Unknown trainer '{trainer}'; choose one of {string.Join(", ", All.Select(t => t.Name))}.", nameof(TrainingRequest.Trainer));
        foreach (var name in (values ?? new Dictionary<string, double>()).Keys)
            if (spec.Hyperparameters.All(h => h.Name != name))
                throw new ModelsException($"{spec.DisplayName} has no hyperparameter '{name}'; it takes "
                    + $"{string.Join(", ", spec.Hyperparameters.Select(h => h.Name))}.", Field(name));
        var resolved = new Dictionary<string, double>();
        foreach (var h in spec.Hyperparameters)
        {
            var value = values is not null && values.TryGetValue(h.Name, out var v) ? v : h.Default;
            if (!double.IsFinite(value) || value < h.Min || value > h.Max)
                throw new ModelsException($"{h.Label} must be between {N(h.Min)} and {N(h.Max)}, not {N(value)}.", Field(h.Name));
            if (h.Integer && value != Math.Floor(value))
                throw new ModelsException($"{h.Label} must be a whole number, not {N(value)}.", Field(h.Name));
            resolved[h.Name] = value;
        }
        return resolved;
    }

    private static string N(double value) => value.ToString("G", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The field a hyperparameter's problem is reported on, e.g. <c>Hyperparameters.L2Regularization</c>.</summary>
    public static string Field(string hyperparameter) => $"{nameof(TrainingRequest.Hyperparameters)}.{hyperparameter}";
}
