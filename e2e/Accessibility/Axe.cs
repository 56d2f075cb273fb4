using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.E2E.Accessibility;

/// <summary>One axe-core finding of serious or critical impact, with the first few elements it names.</summary>
public sealed class AxeFinding
{
    public string Id { get; set; } = "";
    public string Impact { get; set; } = "";
    public string Help { get; set; } = "";
    public string[] Nodes { get; set; } = [];


    public override string ToString() => $"{Impact} {Id}: {Help}\n      " + string.Join("\n      ", Nodes);
}

/// <summary>Runs axe-core (npm, pinned in e2e/axe/package-lock.json) inside a page.</summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(RepoLayout.Root, "e2e", "axe", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
            throw new InvalidOperationException($"axe-core is not installed: {path} is missing. Run `npm ci` in e2e/axe (scripts/test.sh does).");
        return File.ReadAllText(path);
    });

    public static string Version => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoLayout.Root, "e2e", "axe", "node_modules", "axe-core", "package.json")))
        .RootElement.GetProperty("version").GetString()!;

    /// <summary>Checks the whole document (WCAG 2.x A and AA and axe's best practices); answers serious and critical findings.</summary>
    public static async Task<IReadOnlyList<AxeFinding>> SeriousFindingsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            // Evaluated, not added as an inline <script>: the pages' Content-Security-Policy rightly blocks inline scripts, and
            // the journeys fail on any violation the browser reports. Evaluation from the test is not page script.
            await page.EvaluateAsync(Script.Value + "\n;void 0");
        return await page.EvaluateAsync<AxeFinding[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' | ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
                }));
            }
            """);
    }
}
