using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Portal.Engine.Models;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Serving;

namespace Portal.Features.Models.Registry;

public partial class TryEndpointPanel
{
    [Inject] private IEndpointPredictor Predictor { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private IOptions<ModelsOptions> Options { get; set; } = default!;

    /// <summary>The endpoints to choose from.</summary>
    [Parameter] public IReadOnlyList<string> Endpoints { get; set; } = [];

    private string? _endpoint;
    private EndpointPrediction? _prediction;
    private string? _error;
    private bool _busy;

    protected override void OnParametersSet()
    {
        if (_endpoint is null || !Endpoints.Contains(_endpoint)) _endpoint = Endpoints.FirstOrDefault();
    }

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        if (file is null || _endpoint is null) return;
        (_busy, _error, _prediction) = (true, null, null);
        try
        {
            var max = Options.Value.MaxInvocationBytes;
            if (file.Size > max) throw new ModelsException($"The photo is larger than {max / 1024} KB.");
            using var bytes = new MemoryStream();
            await using (var stream = file.OpenReadStream(max)) await stream.CopyToAsync(bytes);
            var embedder = Services.GetService<IImageEmbedder>() ?? throw new ModelsException("Image embeddings are not available on this instance.");
            var features = await Task.Run(() => embedder.Embed(bytes.ToArray()));
            _prediction = await Predictor.PredictAsync(_endpoint, features, Options.Value.TopLabels);
        }
        catch (Exception e) when (e is ModelsException or InvalidDataException or EndpointNotFoundException or EndpointModelException)
        {
            _error = e switch
            {
                InvalidDataException when ResNetInput.IsTooLarge(e) => $"That photo is too large: {e.Message}",
                InvalidDataException => $"That file is not an image the portal can read: {e.Message}",
                _ => e.Message,
            };
        }
        finally
        {
            _busy = false;
        }
    }
}
