using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Portal.Engine.Analytics.Lake.Sources;

/// <summary>
/// Reads SQLite through a forward-only data reader (SQLite steps through the result; nothing is buffered). Time stamps
/// are stored as text (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), so literals use the same form to compare correctly.
/// </summary>
public sealed class SqliteLakeSource(DbConnection connection) : ILakeSource
{
    public async IAsyncEnumerable<object?[]> ReadAsync(LakeQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = query.Sql;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        var kinds = query.Kinds;
        var row = new object?[kinds.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < kinds.Count; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : kinds[i] switch
                {
                    LakeValueKind.Int32 => reader.GetInt32(i),
                    LakeValueKind.Int64 => reader.GetInt64(i),
                    LakeValueKind.Text => reader.GetString(i),
                    LakeValueKind.Timestamp => DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc),
                    LakeValueKind.Decimal => reader.GetDecimal(i),
                    LakeValueKind.Boolean => reader.GetBoolean(i),
                    LakeValueKind.Guid => reader.GetGuid(i).ToString("D"),
                    LakeValueKind.Bytes => reader.GetFieldValue<byte[]>(i),
                    _ => throw new ArgumentOutOfRangeException(nameof(query)),
                };
            }
            yield return row;
        }
    }

    public string Timestamp(DateTime utc) => $"'{utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('.')}'";

    public string Month(string column) => $"substr({column}, 1, 7)";

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
