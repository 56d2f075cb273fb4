using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Portal.Engine.Models.Training;

/// <summary>
/// The ML.NET estimator behind each <see cref="Trainers"/> name, built from resolved hyperparameters. One thread each:
/// SDCA is only reproducible single-threaded, and training must not take every core from the web app.
/// </summary>
internal static class TrainerEstimators
{
    public static IEstimator<ITransformer> Create(MLContext ml, string trainer, IReadOnlyDictionary<string, double> h) => trainer switch
    {
        Trainers.LbfgsMaximumEntropy => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
            new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = nameof(ModelInput.Label),
                FeatureColumnName = nameof(ModelInput.Features),
                L2Regularization = (float)h["L2Regularization"],
                L1Regularization = (float)h["L1Regularization"],
                OptimizationTolerance = (float)h["OptimizationTolerance"],
                HistorySize = (int)h["HistorySize"],
                MaximumNumberOfIterations = (int)h["MaximumNumberOfIterations"],
                NumberOfThreads = 1,
            }),
        Trainers.SdcaMaximumEntropy => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
            new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = nameof(ModelInput.Label),
                FeatureColumnName = nameof(ModelInput.Features),
                L2Regularization = (float)h["L2Regularization"],
                L1Regularization = (float)h["L1Regularization"],
                MaximumNumberOfIterations = (int)h["MaximumNumberOfIterations"],
                ConvergenceTolerance = (float)h["ConvergenceTolerance"],
                NumberOfThreads = 1,
            }),
        Trainers.AveragedPerceptronOneVersusAll => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
            {
                FeatureColumnName = nameof(ModelInput.Features),
                LearningRate = (float)h["LearningRate"],
                L2Regularization = (float)h["L2Regularization"],
                NumberOfIterations = (int)h["NumberOfIterations"],
            }),
            labelColumnName: nameof(ModelInput.Label)),
        _ => throw new ModelsException($"Unknown trainer '{trainer}'.", nameof(TrainingRequest.Trainer)),
    };
}
