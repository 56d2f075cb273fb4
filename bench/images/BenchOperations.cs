using System.Text;
using Portal.Engine.Imaging.Requests;

namespace Portal.Bench.Images;

/// <summary>The benchmarked requests, built the way the image endpoint builds them (a Default request parsed by the engine).</summary>
public static class BenchOperations
{
    /// <summary>
    /// Per operation: the edits, the output's extension, its inputs ("photos": the corpus JPEGs; "gif": the animated GIF that
    /// node/make-sources.js writes) and the share of the repetitions it runs (AVIF encodes are slow). Same table as node/bench.js.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Edits, string Extension, string Inputs, double RepetitionShare)> All =
        new Dictionary<string, (string, string, string, double)>
        {
            ["jpeg800"] = ("""{"resize":{"width":800},"toFormat":"jpeg","jpeg":{"quality":80}}""", "jpg", "photos", 1),
            ["cover300webp"] = ("""{"resize":{"width":300,"height":300,"fit":"cover"},"toFormat":"webp","webp":{"quality":80}}""", "webp", "photos", 1),
            ["gif300"] = ("""{"resize":{"width":300},"toFormat":"gif"}""", "gif", "gif", 0.5),
            ["avif800"] = ("""{"resize":{"width":800},"toFormat":"avif"}""", "avif", "photos", 0.25),
        };

    public static ImageRequest Request(string operation)
    {
        var json = $$"""{"key":"bench.jpg","edits":{{All[operation].Edits}}}""";
        return ImageRequestParser.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), accept: null, autoWebp: false);
    }

    public static string Extension(string operation) => All[operation].Extension;

    /// <summary>The input files of <paramref name="operation"/>, in a fixed order.</summary>
    public static string[] Inputs(string operation, string corpus, string output) => All[operation].Inputs == "gif"
        ? [Path.Combine(output, "sources", "animated_640x400.gif")]
        : Directory.GetFiles(corpus, "*.jpg").Order(StringComparer.Ordinal).ToArray();

    public static int Repetitions(string operation, int repetitions) => Math.Max(1, (int)Math.Round(repetitions * All[operation].RepetitionShare));
}
