using Microsoft.ML.Data;

namespace Portal.Engine.Models.Training;

/// <summary>
/// What every trained model takes: one image's embedding (ResNet18's 512 features) and, for training, its label. A model
/// saved by training and loaded by an endpoint agree on this schema and on <see cref="ModelOutput"/>.
/// </summary>
public sealed class ModelInput
{
    public const int Dimensions = 512;

    [VectorType(Dimensions)]
    public float[] Features { get; set; } = [];

    public string Label { get; set; } = "";
}

/// <summary>A model's answer: one score per label, in the order of the model's <c>labels.json</c>.</summary>
public sealed class ModelOutput
{
    public float[] Score { get; set; } = [];
}
