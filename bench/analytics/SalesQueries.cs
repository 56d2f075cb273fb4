using System.Reflection;
using Npgsql;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Bench.Analytics;

/// <summary>
/// The export's own SQL for the sales table, one query per month that has orders, exactly as SalesExport builds it for
/// PostgreSQL (taken from it by reflection, since it is not public API), for the psql baseline.
/// </summary>
public static class SalesQueries
{
    public static async Task<List<string>> ForAsync(string connectionString)
    {
        var months = new List<DateTime>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT DISTINCT date_trunc('month', "PlacedAt" AT TIME ZONE 'UTC') FROM orders ORDER BY 1""", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) months.Add(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
        }
        await using var source = new PostgresLakeSource(new NpgsqlConnection(connectionString));
        var export = new SalesExport(new OrderMonths());
        var query = typeof(SalesExport).GetMethod("Query", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("SalesExport has no Query method any more; update bench/analytics/SalesQueries.cs");
        return months.Select(from => ((LakeQuery)query.Invoke(export, [source, source.Timestamp(from), source.Timestamp(from.AddMonths(1))])!).Sql)
            .Select(sql => string.Join(' ', sql.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
    }
}
