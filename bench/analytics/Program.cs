using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Bench.Analytics;
using Portal.Engine.Data;

// Usage (run.sh runs them in order):
//   migrate CONNECTION                       the shop's schema by the app's own migrations
//   sales-queries CONNECTION                 the export's sales SQL, one line per month (for psql \copy)
//   export CONNECTION OBJECT_ROOT            one export run; one JSON line
//   queries BASE_URL BEARER LAKE_DIR ROUNDS  P6; one JSON line per query and side
//   warm BASE_URL BEARER CALLS               the app's request path warmed up before P6 (CALLS trivial queries, each dashboard query once)
//   overhead BASE_URL BEARER CALLS           the query API's cost around the engine (generated results, no lake), p50
//   profile LAKE_DIR ROUNDS                  P6's engine side in process, stage by stage (no HTTP)
//   session-settings                         the SET statements the export's PostgreSQL source runs first
//   ten-thousand-sql                         the SQL of the boto3 run
//   report RESULTS.jsonl OUTPUT.md HEADER    the markdown
//   dashboards BASE_URL EMAIL PASSWORD ROUNDS  the dashboards' render times in Chromium (dashboards.sh); one JSON line each
switch (args)
{
    case ["migrate", var connection]:
        await using (var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connection).Options))
            await db.Database.MigrateAsync();
        return 0;
    case ["sales-queries", var connection]:
        foreach (var sql in await SalesQueries.ForAsync(connection)) Console.WriteLine(sql);
        return 0;
    case ["export", var connection, var root]:
        var result = await ExportBench.RunAsync(connection, root);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return result.Outcome == "Succeeded" ? 0 : 1;
    case ["queries", var baseUrl, var bearer, var lake, var rounds]:
        foreach (var timing in await QueryBench.RunAsync(baseUrl, bearer, lake, int.Parse(rounds)))
            Console.WriteLine(JsonSerializer.Serialize(timing));
        return 0;
    case ["warm", var baseUrl, var bearer, var calls]:
        await QueryBench.WarmAsync(baseUrl, bearer, int.Parse(calls));
        return 0;
    case ["overhead", var baseUrl, var bearer, var calls]:
        await RequestOverhead.RunAsync(baseUrl, bearer, int.Parse(calls));
        return 0;
    case ["profile", var lake, var rounds]:
        await QueryProfile.RunAsync(lake, int.Parse(rounds));
        return 0;
    case ["session-settings"]:
        Console.WriteLine(Portal.Engine.Analytics.Lake.Sources.PostgresLakeSource.SessionSettings + ";");
        return 0;
    case ["ten-thousand-sql"]:
        Console.WriteLine(DashboardQueries.TenThousandRows);
        return 0;
    case ["dashboards", var baseUrl, var email, var password, var rounds]:
        foreach (var timing in await DashboardRender.RunAsync(baseUrl, email, password, int.Parse(rounds)))
            Console.WriteLine(JsonSerializer.Serialize(timing));
        return 0;
    case ["report", var results, var output, var header]:
        await File.WriteAllTextAsync(output, Report.Markdown(await File.ReadAllLinesAsync(results), await File.ReadAllTextAsync(header)));
        return 0;
    default:
        Console.Error.WriteLine("usage: Portal.Bench.Analytics migrate CONN | sales-queries CONN | export CONN OBJECT_ROOT | queries URL BEARER LAKE_DIR ROUNDS | ten-thousand-sql | report RESULTS OUT HEADER | dashboards URL EMAIL PASSWORD ROUNDS");
        return 2;
}
