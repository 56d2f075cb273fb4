using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;

namespace Portal.Tests.Engine.Analytics.Lake;

public sealed class LakeOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData("every 15 minutes")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 0 0 1 1 ? 2001")]
    public void A_schedule_that_is_not_a_quartz_cron_expression_stops_start_up_naming_the_setting(string schedule)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new ServiceCollection().AddAnalyticsLake(Settings(("Analytics:Lake:Schedule", schedule))));

        Assert.Contains("Analytics:Lake:Schedule", error.Message);
        Assert.Contains(schedule, error.Message);
    }

    [Fact]
    public void Defaults_are_valid_and_bad_values_are_named()
    {
        Assert.True(new LakeOptionsValidator().Validate(null, new LakeOptions()).Succeeded);
        var result = new LakeOptionsValidator().Validate(null, new LakeOptions { Bucket = "Bad_Bucket", StaleAfter = TimeSpan.Zero, RowGroupSize = 5 });
        Assert.Contains(result.Failures!, f => f.StartsWith("Analytics:Lake:Bucket"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Analytics:Lake:StaleAfter"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Analytics:Lake:RowGroupSize"));
    }

    [Fact]
    public void Start_up_exports_when_a_scheduled_run_was_due_since_the_dataset_was_written()
    {
        var now = new DateTimeOffset(2026, 12, 4, 12, 20, 0, TimeSpan.Zero);
        const string every15 = "0 0/15 * * * ?";
        Assert.False(LakeStartupExport.IsDue(new DateTime(2026, 12, 4, 12, 16, 0, DateTimeKind.Utc), every15, now));
        Assert.True(LakeStartupExport.IsDue(new DateTime(2026, 12, 4, 12, 14, 0, DateTimeKind.Utc), every15, now));
    }

    [Fact]
    public void Disabled_lake_registers_exports_without_the_scheduler()
    {
        var services = new ServiceCollection().AddAnalyticsLake(Settings(("Analytics:Lake:Enabled", "false")));
        Assert.Contains(services, d => d.ServiceType == typeof(ILakeExports));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(LakeStartupExport));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService));
    }
}
