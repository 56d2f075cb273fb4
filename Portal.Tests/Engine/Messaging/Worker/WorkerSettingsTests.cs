using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Worker;

/// <summary>The worker's settings (bounded as Lambda bounds them, each refusal naming the setting), its role switch and its metrics.</summary>
public sealed class WorkerSettingsTests
{
    [Theory]
    [InlineData("BatchSize", "0", "Events:Worker:BatchSize must be 1 to 10,000")]
    [InlineData("BatchSize", "10001", "Events:Worker:BatchSize must be 1 to 10,000")]
    [InlineData("MaximumBatchingWindow", "00:05:01", "Events:Worker:MaximumBatchingWindow must be 0 to 300 seconds")]
    [InlineData("MaximumRetryAttempts", "-2", "Events:Worker:MaximumRetryAttempts must be -1")]
    [InlineData("MaximumRetryAttempts", "10001", "Events:Worker:MaximumRetryAttempts must be -1")]
    [InlineData("StartingPosition", "AtTimestamp", "Events:Worker:StartingTimestamp must be set")]
    [InlineData("GroupPrefix", "no spaces please", "Events:Worker:GroupPrefix")]
    [InlineData("RetryBackoff", "00:05:00", "Events:Worker:RetryBackoff must be positive and at most MaximumRetryBackoff")]
    [InlineData("MaximumRecordAge", "00:00:10", "Events:Worker:MaximumRecordAge must be 60 seconds to 7 days")]
    public void A_wrong_setting_is_refused_naming_it(string setting, string value, string message)
    {
        var options = Bind(new() { [$"Events:Worker:{setting}"] = value });
        var result = new WorkerOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(message));
    }

    [Fact]
    public void The_defaults_are_Lambdas_and_valid()
    {
        var options = Bind([]);
        Assert.True(new WorkerOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((true, 100, TimeSpan.FromMilliseconds(500), 6 * 1024 * 1024, false), (options.Enabled, options.BatchSize,
            options.MaximumBatchingWindow, options.MaximumBatchBytes, options.BisectBatchOnFunctionError));
        Assert.Equal("portal-worker.images", options.GroupOf("images"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void The_role_switch_runs_the_worker_in_process_by_default_and_not_on_a_web_only_instance(string? enabled, bool runs)
    {
        var settings = new Dictionary<string, string?>();
        if (enabled is not null) settings["Events:Worker:Enabled"] = enabled;
        var services = new ServiceCollection().AddBatchWorker(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Equal(runs, services.Any(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(BatchWorkerHost)));
        // The monitor (for the Admin page) is there either way: a web-only instance shows the pipeline too.
        Assert.Contains(services, s => s.ServiceType == typeof(PipelineMonitor));
    }

    [Fact]
    public void A_wrong_worker_setting_stops_the_app_at_start_up_naming_it()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Events:Worker:BatchSize"] = "20000" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Events:Worker:BatchSize", error.ToString());
    }

    [Fact]
    public void The_instruments_are_on_the_Portal_Events_meter()
    {
        var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var metrics = new PipelineMetrics(factory);
        var seen = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener();
        // Only this factory's meter: other tests' workers publish on meters of the same name.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => seen.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => seen.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => seen.Add((i.Name, v)));
        listener.Start();

        metrics.Invoked("images", size: 40, handled: 38, durationMs: 12.5, failed: true);
        metrics.DeadLettered("images", 2);
        metrics.Lag("portal-worker.images", [new Portal.Engine.Messaging.Log.PartitionState("portal.images", 0, 120, 100)]);
        metrics.Controlled("images", paused: true, deadLetters: 3);
        listener.RecordObservableInstruments();

        Assert.Equal(
            [("portal.events.batch.size", 40), ("portal.events.handler.duration", 12.5), ("portal.events.records.handled", 38),
                ("portal.events.handler.errors", 1), ("portal.events.dead_letters", 2), ("portal.events.lag", 20),
                ("portal.events.end_offset", 120), ("portal.events.committed_offset", 100), ("portal.events.paused", 1),
                ("portal.events.dead_letters.waiting", 3)],
            seen);

        // A resume and a retried dead letter show at the next observation.
        seen.Clear();
        metrics.Controlled("images", paused: false, deadLetters: 2);
        listener.RecordObservableInstruments();
        Assert.Contains(("portal.events.paused", 0), seen);
        Assert.Contains(("portal.events.dead_letters.waiting", 2), seen);
    }

    private static WorkerOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new WorkerOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(WorkerOptions.Section).Bind(options);
        return options;
    }
}
