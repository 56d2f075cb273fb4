using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Models.Registry;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Models.SageMaker;

/// <summary>
/// The whole app on a real Kestrel loopback port (for the real AWS clients and for raw signed requests), with a real
/// trained model deployed to <c>product-category</c>, a second endpoint whose model file is missing, a third
/// (<c>other-embedder</c>) serving a version trained on another embedding model than the portal's, and two product
/// photos whose stored embeddings are of the labels "bags" and "mugs".
/// </summary>
public sealed class SageMakerApp : IAsyncLifetime
{
    public const string DemoKeyId = "AKIAPORTALDEMO0000001";
    public const string DemoSecret = "portal-demo-analyst-secret";
    public const int MaxInvocationBytes = 64 * 1024;
    public const string ForeignEmbeddingModel = "clip-vit-b32-v1";

    public PortalAppFactory Factory { get; } = new(new Dictionary<string, string?> { ["Models:MaxInvocationBytes"] = MaxInvocationBytes.ToString() });
    public string BaseUrl { get; private set; } = "";
    public string Endpoint => BaseUrl + "/aws/sagemaker";
    public HttpClient Client { get; private set; } = null!;
    public IReadOnlyList<string> PhotoKeys { get; private set; } = [];
    public ModelVersion Version { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };

        var dbs = Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var store = Factory.Services.GetRequiredService<IObjectStore>();
        var registry = Factory.Services.GetRequiredService<IModelRegistry>();
        Version = await TrainedModels.AddVersionAsync(dbs.CreateDbContext, store);
        await registry.DeployAsync("product-category", Version.Id, "test");
        var broken = await TrainedModels.AddVersionAsync(dbs.CreateDbContext, store, "broken-model", storeFile: false);
        await registry.DeployAsync("broken", broken.Id, "test");
        // The registry refuses to deploy it (another network's vectors), so the row is what another portal's deploy would leave.
        var foreign = await TrainedModels.AddVersionAsync(dbs.CreateDbContext, store, "foreign-model", embeddingModel: ForeignEmbeddingModel);
        await using (var endpoints = await dbs.CreateDbContextAsync())
        {
            var now = DateTime.UtcNow;
            endpoints.ModelEndpoints.Add(new ModelEndpoint { Name = "other-embedder", ModelVersionId = foreign.Id, Revision = 1, UpdatedBy = "test", CreatedAt = now, UpdatedAt = now });
            await endpoints.SaveChangesAsync();
        }

        await using var db = await dbs.CreateDbContextAsync();
        var items = await db.CatalogItems.OrderBy(i => i.Id).Take(2).ToListAsync();
        var keys = new List<string>();
        foreach (var (item, label) in items.Zip([0, 2]))
        {
            item.PhotoKey = $"products/{item.Id}-{Guid.NewGuid():N}.jpg";
            keys.Add(item.PhotoKey);
            db.ImageEmbeddings.Add(new ImageEmbedding
            {
                Source = ImageSource.Product, ObjectKey = item.PhotoKey, CatalogItemId = item.Id, Model = "resnet18-v1",
                Vector = EmbeddingVectors.Pack(TrainedModels.Features(label, 4242 + label)), CreatedAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync();
        PhotoKeys = keys;
    }

    /// <summary>A raw invocation, SigV4-signed as boto3 signs it (unless <paramref name="sign"/> is false), so tests can send bodies no SDK would.</summary>
    public async Task<HttpResponseMessage> InvokeAsync(string endpoint, string? contentType, byte[] body, bool sign = true, string service = "sagemaker",
        string secret = DemoSecret)
    {
        var path = $"/aws/sagemaker/endpoints/{endpoint}/invocations";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (sign) Sign(request, path, contentType, body, service, secret);
        return await Client.SendAsync(request);
    }

    private void Sign(HttpRequestMessage request, string path, string? contentType, byte[] body, string service, string secret)
    {
        var at = DateTime.UtcNow;
        var amzDate = at.ToString("yyyyMMdd'T'HHmmss'Z'");
        var day = at.ToString("yyyyMMdd");
        var uri = new Uri(BaseUrl);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = $"{uri.Host}:{uri.Port}", ["x-amz-date"] = amzDate };
        if (contentType is not null) headers["content-type"] = contentType;
        var signed = string.Join(';', headers.Keys);
        var canonical = $"POST\n{path}\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signed}\n{Hex(SHA256.HashData(body))}";
        var scope = $"{day}/us-east-1/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), day), "us-east-1"), service), "aws4_request");
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={DemoKeyId}/{scope}, SignedHeaders={signed}, Signature={Hex(Hmac(key, toSign))}");
    }

    /// <summary>A real JPEG photo-like picture (two coloured halves).</summary>
    public static byte[] Jpeg(int size = 160)
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(size, size));
        surface.Canvas.Clear(SkiaSharp.SKColors.SteelBlue);
        using (var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Orange }) surface.Canvas.DrawRect(0, size / 2f, size, size / 2f, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
