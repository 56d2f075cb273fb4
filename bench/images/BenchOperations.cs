using System.Text;
using Portal.Engine.Imaging.Requests;

namespace Portal.Bench.Images;

/// <summary>The benchmarked requests, built the way the image endpoint builds them (a Default request parsed by the engine).</summary>
public static class BenchOperations
{
    public static readonly IReadOnlyDictionary<string, string> Edits = new Dictionary<string, string>
    {
        ["jpeg800"] = """{"resize":{"width":800},"toFormat":"jpeg","jpeg":{"quality":80}}""",
        ["cover300webp"] = """{"resize":{"width":300,"height":300,"fit":"cover"},"toFormat":"webp","webp":{"quality":80}}""",
    };

    public static ImageRequest Request(string operation)
    {
        var json = $$"""{"key":"bench.jpg","edits":{{Edits[operation]}}}""";
        return ImageRequestParser.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), accept: null, autoWebp: false);
    }

    public static string Extension(string operation) => operation == "jpeg800" ? "jpg" : "webp";
}
