using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Components;
using Portal.Engine.Models;
using Portal.Engine.Models.Training;

namespace Portal.Features.Models.Training;

public partial class TrainingStartForm
{
    [Inject] private IModelTraining Training { get; set; } = default!;
    [Inject] private TrainingQueries Queries { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>A job was queued.</summary>
    [Parameter] public EventCallback<TrainingJob> OnStarted { get; set; }

    private IReadOnlyList<DatasetVersionChoice>? _versions;
    private readonly Dictionary<string, string> _errors = [];
    private Dictionary<string, double> _values = [];
    private string _trainer = Trainers.LbfgsMaximumEntropy;
    private string _modelName = "";
    private int _datasetVersionId;
    private int _seed = 42;
    private double _fraction = 0.2;
    private string? _failure;
    private bool _busy;

    private TrainerSpec Spec => Trainers.Find(_trainer) ?? Trainers.All[0];

    private int DatasetVersionId { get => _datasetVersionId; set { _datasetVersionId = value; _errors.Remove("DatasetVersionId"); } }
    private string ModelName { get => _modelName; set { _modelName = value ?? ""; _errors.Remove("ModelName"); } }

    private string Trainer
    {
        get => _trainer;
        set { _trainer = value; _errors.Clear(); ResetValues(); }
    }

    protected override async Task OnInitializedAsync()
    {
        _versions = await Queries.DatasetVersionsAsync();
        if (_versions.Count > 0)
        {
            _datasetVersionId = _versions[0].Id;
            _modelName = _versions[0].Dataset.Replace('_', '-');
        }
        ResetValues();
    }

    private void ResetValues() => _values = Spec.Hyperparameters.ToDictionary(h => h.Name, h => h.Default);

    private bool Has(string field) => _errors.ContainsKey(field);
    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    private static string HelpOf(HyperparameterSpec h) =>
        $"{h.Help} ({Formats.Number(h.Min)} to {Formats.Number(h.Max)}{(h.Integer ? ", whole" : "")})";

    private static double StepOf(HyperparameterSpec h) => h.Max <= 1 ? 0.01 : 0.1;

    private void FractionChanged(double value)
    {
        _fraction = value;
        _errors.Remove("ValidationFraction");
    }

    private void HyperparameterChanged(HyperparameterSpec h, double value)
    {
        _values[h.Name] = value;
        var field = Trainers.Field(h.Name);
        _errors.Remove(field);
        // The same check the engine makes, at the field as the analyst types.
        try { Trainers.Resolve(_trainer, new Dictionary<string, double> { [h.Name] = value }); }
        catch (ModelsException e) when (e.Field == field) { _errors[field] = e.Message; }
    }

    private async Task StartAsync()
    {
        _busy = true;
        _failure = null;
        try
        {
            var by = (await AuthenticationState).User.Identity?.Name ?? "analyst";
            var job = await Training.StartAsync(new TrainingRequest(_modelName.Trim(), _datasetVersionId, _trainer, _values, _seed, _fraction), by);
            await OnStarted.InvokeAsync(job);
        }
        catch (ModelsException e)
        {
            if (e.Field is { } field) _errors[field] = e.Message;
            else _failure = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
