using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Models.Consent;

namespace Portal.Features.Images.Gallery;

/// <summary>The customer's choice whether their images may be used to train models, saved as soon as it is switched.</summary>
public sealed partial class TrainingConsentPanel
{
    [Inject] private ImageTrainingConsents Consents { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<TrainingConsentPanel> Log { get; set; } = default!;

    /// <summary>The signed-in customer.</summary>
    [Parameter, EditorRequired] public string UserId { get; set; } = "";

    private bool? _allowed;
    private bool _saving;
    private string? _error;

    protected override async Task OnParametersSetAsync()
    {
        if (UserId.Length == 0) return;
        _allowed = await Consents.IsAllowedAsync(UserId);
    }

    private async Task SaveAsync(bool allowed)
    {
        _saving = true;
        _error = null;
        try
        {
            await Consents.SetAsync(UserId, allowed);
            _allowed = allowed;
            Snackbar.Add(allowed ? "Your images may now be used to train models." : "Your images will not be used to train models.", Severity.Success);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogError(e, "The training consent of {UserId} could not be saved", UserId);
            _error = "Your choice could not be saved; please try again.";
        }
        finally
        {
            _saving = false;
        }
    }
}
