using Npgsql;
using Portal.Engine.Data;

namespace Portal.Tests.Engine.Data;

public sealed class PostgresConnectionTuningTests
{
    [Fact]
    public void Keeps_prepared_statements_across_pooled_uses_by_default()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseServiceCollectionExtensions.TunedPostgresConnectionString("Host=db;Database=portal"));
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void Explicit_settings_win()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseServiceCollectionExtensions.TunedPostgresConnectionString("Host=db;No Reset On Close=false;Max Auto Prepare=0"));
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}
