using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// Which app instance answered, read from the <c>X-Portal-Instance</c> header every answer carries
/// (<c>{host}/{process id}</c>): for a page, the instance of each document it loaded (sign-in redirects, reloads).
/// </summary>
public sealed class ServingInstance
{
    public const string Header = "x-portal-instance";

    private readonly List<(string Url, string Instance)> _documents = [];

    /// <summary>Starts recording the documents <paramref name="page"/> loads.</summary>
    public static ServingInstance Watch(IPage page)
    {
        var watch = new ServingInstance();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType != "document" || !response.Headers.TryGetValue(Header, out var instance)) return;
            lock (watch._documents) watch._documents.Add((response.Url, instance));
        };
        return watch;
    }

    /// <summary>The instance that answered the latest document.</summary>
    public string Latest
    {
        get
        {
            lock (_documents)
                return _documents.Count > 0 ? _documents[^1].Instance : throw new InvalidOperationException("No document was loaded yet.");
        }
    }

    /// <summary>How many documents were loaded so far (to look only at those loaded after a point).</summary>
    public int Count
    {
        get { lock (_documents) return _documents.Count; }
    }

    /// <summary>The documents loaded since the first <paramref name="skip"/>: URL and instance.</summary>
    public IReadOnlyList<(string Url, string Instance)> Since(int skip)
    {
        lock (_documents) return _documents.Skip(skip).ToList();
    }

    /// <summary>
    /// Gives <paramref name="context"/> an affinity cookie of nginx's making that sends it to an instance other than
    /// <paramref name="avoid"/>: asks for a fresh cookie (by arriving without one) until nginx's hash lands elsewhere.
    /// </summary>
    public static async Task<string> StickToAnotherInstanceAsync(IBrowserContext context, string baseUrl, string avoid)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            await context.ClearCookiesAsync();
            var response = await context.APIRequest.GetAsync($"{baseUrl}/health/live");
            var instance = response.Headers.GetValueOrDefault(Header)
                ?? throw new InvalidOperationException($"{baseUrl}/health/live answered without {Header}.");
            if (instance != avoid) return instance;
        }
        throw new InvalidOperationException($"64 fresh affinity cookies all went to {avoid}: nginx does not spread new browsers over the instances.");
    }
}
