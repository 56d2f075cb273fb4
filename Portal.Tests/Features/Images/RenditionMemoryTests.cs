using Microsoft.Extensions.Options;
using Portal.Features.Images;

namespace Portal.Tests.Features.Images;

/// <summary>The handler's in-memory layer over the rendition cache: found only under the same owner, rendition and source version.</summary>
public sealed class RenditionMemoryTests
{
    private static RenditionMemory Memory(int megabytes) =>
        new(Options.Create(new ImageHandlerOptions { MemoryCacheMegabytes = megabytes }));

    private static KeptRendition Rendition(int bytes) => new(new byte[bytes], "image/jpeg", new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_kept_rendition_is_found_only_with_its_owner_rendition_and_source_version()
    {
        using var memory = Memory(1);
        var kept = Rendition(100);
        memory.Keep("catalog", "r1", "etag-1", kept);

        Assert.True(memory.TryGet("catalog", "r1", "etag-1", out var found));
        Assert.Same(kept, found);
        Assert.False(memory.TryGet("catalog", "r1", "etag-2", out _)); // the source was replaced
        Assert.False(memory.TryGet("catalog", "r2", "etag-1", out _));
        Assert.False(memory.TryGet("someone", "r1", "etag-1", out _));
    }

    [Fact]
    public void Zero_megabytes_keeps_nothing()
    {
        using var memory = Memory(0);
        memory.Keep("catalog", "r1", "etag-1", Rendition(100));
        Assert.False(memory.TryGet("catalog", "r1", "etag-1", out _));
    }

    [Fact]
    public void Renditions_over_the_entry_limit_are_not_kept()
    {
        using var memory = Memory(64);
        memory.Keep("catalog", "big", "etag-1", Rendition(RenditionMemory.MaxEntryBytes + 1));
        memory.Keep("catalog", "small", "etag-1", Rendition(RenditionMemory.MaxEntryBytes));
        Assert.False(memory.TryGet("catalog", "big", "etag-1", out _));
        Assert.True(memory.TryGet("catalog", "small", "etag-1", out _));
    }

    [Fact]
    public void The_setting_is_validated()
    {
        var result = new ImageHandlerOptionsValidator().Validate(null, new ImageHandlerOptions { MemoryCacheMegabytes = -1 });
        Assert.Contains("Imaging:Handler:MemoryCacheMegabytes", result.FailureMessage);
    }
}
