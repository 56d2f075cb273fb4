using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging;
using Portal.Engine.Telemetry;
using SkiaSharp;

namespace Portal.Tests.Engine.Telemetry;

/// <summary>Portal's own spans and figures: image processing, and event handling as the child of the span that wrote the event.</summary>
public sealed class EngineTracingTests
{
    private static readonly ActivitySource Test = new("Portal.Tests.Telemetry");

    [Fact]
    public async Task Processing_an_image_is_a_span_under_the_callers_and_its_duration_is_measured()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(Test.Name, PortalTelemetry.ImagesName).AddInMemoryExporter(spans).Build();
        var durations = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) => { if (i.Name == "portal.images.processing.duration") l.EnableMeasurementEvents(i); },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => { lock (durations) durations.Add(value); });
        listener.Start();

        var key = $"telemetry-{Guid.NewGuid():N}.png";
        using var processor = new ImageProcessor(new ImagingOptions());
        using (var caller = Test.StartActivity("caller"))
        {
            await processor.ProcessAsync(Png(), new ImageRequest(null, key, new ImageEdits { Resize = new ResizeEdit(8, 8) }));
            tracing.ForceFlush();
            var processed = Assert.Single(spans, s => s.DisplayName == "image.process" && (string?)s.GetTagItem("image.key") == key);
            Assert.Equal(caller!.TraceId, processed.TraceId);
            Assert.Equal(caller.SpanId, processed.ParentSpanId);
        }
        lock (durations) Assert.NotEmpty(durations);
    }

    [Fact]
    public void Handling_an_event_continues_the_trace_of_the_request_that_wrote_it()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(Test.Name, PortalTelemetry.EventsName).AddInMemoryExporter(spans).Build();
        string? written;
        ActivityTraceId requestTrace;
        using (var request = Test.StartActivity("POST /api/images"))
        {
            written = EventTracing.CurrentTraceParent();
            requestTrace = request!.TraceId;
        }
        Assert.NotNull(written);
        var headers = new Dictionary<string, string>();
        EventTracing.Carry(headers, written);
        var record = new LogRecord("portal.images", 3, 42, "image-1", ReadOnlyMemory<byte>.Empty, headers, DateTimeOffset.UtcNow);

        using (var handling = EventTracing.StartHandling(record, "images-processing"))
        {
            Assert.NotNull(handling);
            Assert.Equal(requestTrace, handling.TraceId);
            Assert.Equal(ActivityKind.Consumer, handling.Kind);
        }
        using (var orphan = EventTracing.StartHandling(record with { Headers = new Dictionary<string, string>() }))
            Assert.NotEqual(requestTrace, orphan!.TraceId); // no context carried: a trace of its own
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(32, 32);
        bitmap.Erase(SKColors.CornflowerBlue);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }
}
