using System.Diagnostics;
using Portal.Engine.Demo;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Api;

/// <summary>
/// An R script (Rscript, httr2 and jsonlite from Debian) queries the running app on a loopback port with the demo
/// analyst's key as its bearer token, the way the README shows, and prints the rows it got as JSON and as CSV.
/// </summary>
public sealed class RScriptQueryTests(AnalyticsApiApp app) : IClassFixture<AnalyticsApiApp>
{
    private const string Script = """
        library(httr2)
        query <- function(sql, accept = "application/json") {
          request(Sys.getenv("PORTAL_URL")) |>
            req_url_path_append("api", "analytics", "query") |>
            req_auth_bearer_token(paste0(Sys.getenv("PORTAL_KEY_ID"), ":", Sys.getenv("PORTAL_SECRET"))) |>
            req_headers(Accept = accept) |>
            req_body_json(list(sql = sql)) |>
            req_perform()
        }
        sql <- "SELECT order_id, sum(quantity) AS items FROM sales GROUP BY order_id ORDER BY order_id"
        body <- resp_body_json(query(sql))
        cat("columns:", paste(sapply(body$columns, function(c) paste0(c$name, "/", c$type)), collapse = ","), "\n")
        for (row in body$rows) cat("json:", paste(unlist(row), collapse = ","), "\n")
        frame <- read.csv(text = resp_body_string(query(sql, "text/csv")))
        cat("csv:", nrow(frame), "rows, items", sum(frame$items), "\n")
        """;

    [SkippableFact]
    public async Task Should_let_an_R_script_query_with_the_demo_key()
    {
        RequireRscript();
        var file = Path.Combine(Path.GetTempPath(), $"portal-query-{Guid.NewGuid():N}.R");
        await File.WriteAllTextAsync(file, Script);
        try
        {
            var demo = new DemoOptions();
            var start = new ProcessStartInfo("Rscript", [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["PORTAL_URL"] = app.BaseUrl;
            start.Environment["PORTAL_KEY_ID"] = demo.AnalystAccessKeyId;
            start.Environment["PORTAL_SECRET"] = demo.AnalystSecretAccessKey;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
            Assert.True(process.ExitCode == 0, await error);
            var lines = (await output).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
                ["columns: order_id/bigint,items/bigint", "json: 1001,3", "json: 1002,1", "json: 1003,7", "csv: 3 rows, items 11"],
                lines);
        }
        finally { File.Delete(file); }
    }

    private static void RequireRscript()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("Rscript", ["-e", "library(httr2); library(jsonlite)"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            probe.WaitForExit(60_000);
            if (probe.ExitCode == 0) return;
        }
        catch (System.ComponentModel.Win32Exception) { }
        const string message = "Rscript with httr2 and jsonlite is not available (scripts/test.sh installs r-base-core r-cran-httr2 r-cran-jsonlite).";
        if (PeerRequirement.InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
        Skip.If(true, message);
    }
}
