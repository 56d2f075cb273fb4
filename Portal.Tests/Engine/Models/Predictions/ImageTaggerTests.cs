using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Models;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Predictions;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Images;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Predictions;

public sealed class SqliteImageTaggerTests() : ImageTaggerTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageTaggerTests() : ImageTaggerTests(DatabaseOptions.Postgres);

/// <summary>
/// Auto-tags end to end on one provider: images uploaded and processed by the real worker handlers, embedded by ResNet18,
/// tagged by a model trained on ResNet18 embeddings of reddish and bluish pictures; then a new version deployed and every
/// image re-tagged, and a rollback.
/// </summary>
public abstract class ImageTaggerTests(string provider) : ImageWorkerSuite(provider)
{
    private const string Endpoint = "colour-tags";
    private readonly string _modelsRoot = Path.Combine(Path.GetTempPath(), "portal-tagger-models-" + Guid.NewGuid().ToString("N"));
    private ColourModels _models = default!;
    private ImageEmbeddings _embeddings = default!;

    private async Task ArrangeTaggingAsync()
    {
        await ArrangeAsync();
        _models = new ColourModels(Database.NewContext, new FileSystemObjectStore(_modelsRoot));
        _embeddings = new ImageEmbeddings(new TestDbContextFactory(Database), SharedEmbedder.View, Spaces, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_modelsRoot, recursive: true); } catch (IOException) { }
    }

    private ImageTagger Tagger(double threshold = 0.25, int top = 5) => new(new TestDbContextFactory(Database), _models.Predictor,
        Options.Create(new ModelsOptions { TagEndpoint = Endpoint, TagMinProbability = threshold, TopLabels = top }), TimeProvider.System,
        NullLogger<ImageTagger>.Instance);

    private ImageTaggingHandler TaggingHandler(ImageTagger tagger) =>
        new(new TestDbContextFactory(Database), _embeddings, tagger, NullLogger<ImageTaggingHandler>.Instance);

    private TagRevisionWatcher Watcher(ImageTagger tagger, int batchSize = 2)
    {
        var options = Options.Create(new ModelsOptions { TagEndpoint = Endpoint, RetagBatchSize = batchSize });
        return new TagRevisionWatcher(new ImageRetagger(new TestDbContextFactory(Database), tagger, options, NullLogger<ImageRetagger>.Instance),
            tagger, options, TimeProvider.System, NullLogger<TagRevisionWatcher>.Instance);
    }

    /// <summary>Trains and deploys version n+1 of the colours model (labels red, blue) or of the warmth model (warm, cool).</summary>
    private async Task<int> DeployAsync(string modelName)
    {
        var versionId = await _models.AddVersionAsync(modelName, modelName == "warmth" ? ColourModels.Pictures("warm", "cool") : ColourModels.Pictures("red", "blue"));
        await _models.DeployAsync(Endpoint, versionId);
        return versionId;
    }

    /// <summary>Uploads the pictures and runs the processing handler, then the tagging handler, over the outbox as the worker would.</summary>
    private async Task<List<ImageAsset>> UploadAndTagAsync(ImageTagger tagger, params (byte[] Picture, string Name)[] pictures)
    {
        var before = await LastSequenceAsync();
        var images = new List<ImageAsset>();
        foreach (var (picture, name) in pictures) images.Add(await UploadAsync(picture, Alice, name));
        Assert.Empty((await HandleOutboxAsync(before)).BatchItemFailures);
        await using var db = Database.NewContext();
        var response = await TaggingHandler(tagger).HandleAsync(await OutboxBatches.ImagesAsync(db, before), CancellationToken.None);
        Assert.Empty(response.BatchItemFailures);
        return images;
    }

    private async Task<List<Portal.Engine.Models.Predictions.ImageTag>> TagsAsync(Guid imageId)
    {
        await using var db = Database.NewContext();
        return (await db.ImageTags.AsNoTracking().Where(t => t.ImageId == imageId).ToListAsync()).OrderByDescending(t => t.Probability).ToList();
    }

    [SkippableFact]
    public async Task A_processed_image_is_embedded_and_gets_its_best_label_as_a_tag()
    {
        await ArrangeTaggingAsync();
        var versionId = await DeployAsync("colours");

        var images = await UploadAndTagAsync(Tagger(), (ColourPictures.Red(10), "poppy.jpg"), (ColourPictures.Blue(10), "sea.jpg"));

        Assert.NotNull(await _embeddings.FindAsync(ImageSource.Customer, images[0].OriginalKey));
        var red = await TagsAsync(images[0].Id);
        Assert.Equal("red", red[0].Label);
        Assert.All(red, t => Assert.Equal((Endpoint, versionId), (t.Endpoint, t.ModelVersionId)));
        Assert.All(red.Skip(1), t => Assert.True(t.Probability >= 0.25f));
        Assert.Equal("blue", (await TagsAsync(images[1].Id))[0].Label);
        await using var db = Database.NewContext();
        var tagged = (await OutboxBatches.LiveAsync(db)).Select(e => e.Event).OfType<Portal.Engine.Messaging.Events.ImageTagged>().ToList();
        Assert.Equal([(images[0].Id, "red"), (images[1].Id, "blue")], tagged.Select(t => (t.ImageId, t.Labels[0])).OrderBy(t => t.Item1 == images[1].Id));
        Assert.All(tagged, t => Assert.Equal((Alice, versionId), (t.OwnerUserId, t.ModelVersionId)));
    }

    [SkippableFact]
    public async Task Tagging_again_replaces_the_tags_and_the_threshold_decides_which_labels_besides_the_best_are_kept()
    {
        await ArrangeTaggingAsync();
        await DeployAsync("colours");
        var image = (await UploadAndTagAsync(Tagger(), (ColourPictures.Red(3), "poppy.jpg")))[0];

        var everything = await Tagger(threshold: 0).TagAsync(image.Id);
        Assert.Equal(["red", "blue"], everything!.Select(t => t.Label));
        Assert.Equal(["red", "blue"], (await TagsAsync(image.Id)).Select(t => t.Label));

        var onlyTheBest = await Tagger(threshold: 1).TagAsync(image.Id);
        Assert.Equal(["red"], onlyTheBest!.Select(t => t.Label)); // the best label always, however unsure
        var stored = Assert.Single(await TagsAsync(image.Id));
        Assert.Equal("red", stored.Label);
        Assert.InRange(stored.Probability, 0.5f, 1f);

        await Tagger(threshold: 1).TagAsync(image.Id);
        Assert.Single(await TagsAsync(image.Id)); // the same again changes nothing
    }

    [SkippableFact]
    public async Task With_no_model_deployed_images_get_no_tags_and_nothing_fails()
    {
        await ArrangeTaggingAsync();

        var images = await UploadAndTagAsync(Tagger(), (ColourPictures.Red(1), "poppy.jpg"));

        Assert.Empty(await TagsAsync(images[0].Id));
        Assert.Null(await Watcher(Tagger()).CheckAsync());
    }

    [SkippableFact]
    public async Task A_new_version_on_the_endpoint_retags_every_image_and_a_rollback_retags_them_back()
    {
        await ArrangeTaggingAsync();
        var v1 = await DeployAsync("colours");
        var tagger = Tagger();
        var images = await UploadAndTagAsync(tagger, (ColourPictures.Red(1), "a.jpg"), (ColourPictures.Blue(2), "b.jpg"), (ColourPictures.Red(4), "c.jpg"),
            (ColourPictures.Blue(5), "d.jpg"), (ColourPictures.Red(6), "e.jpg"));
        var watcher = Watcher(tagger, batchSize: 2);
        var first = await watcher.CheckAsync();
        Assert.Equal((5, 0, 5), (first!.Seen, first.Tagged, first.AlreadyCurrent)); // tagged by the worker already
        Assert.Null(await watcher.CheckAsync()); // same revision: nothing to look at

        var v2 = await DeployAsync("warmth");
        var sweep = await watcher.CheckAsync();

        Assert.Equal((5, 5, 0), (sweep!.Seen, sweep.Tagged, sweep.AlreadyCurrent));
        string[] expected = ["warm", "cool", "warm", "cool", "warm"];
        for (var i = 0; i < images.Count; i++)
        {
            var tags = await TagsAsync(images[i].Id);
            Assert.Equal(expected[i], tags[0].Label);
            Assert.All(tags, t => Assert.Equal(v2, t.ModelVersionId));
        }
        Assert.Null(await watcher.CheckAsync());

        await _models.RollbackAsync(Endpoint); // a rollback raises the revision too
        var back = await watcher.CheckAsync();
        Assert.Equal(5, back!.Tagged);
        Assert.All(images, image => Assert.All(TagsAsync(image.Id).Result, t => Assert.Equal(v1, t.ModelVersionId)));
        Assert.Equal("red", (await TagsAsync(images[0].Id))[0].Label);
    }

    [SkippableFact]
    public async Task A_second_instance_sweeping_the_same_revision_finds_the_images_current_and_a_deleted_image_is_left_out()
    {
        await ArrangeTaggingAsync();
        await DeployAsync("colours");
        var images = await UploadAndTagAsync(Tagger(), (ColourPictures.Red(1), "a.jpg"), (ColourPictures.Blue(2), "b.jpg"));
        await DeployAsync("warmth");
        Assert.True(await Library.DeleteAsync(Alice, images[1].Id));

        var one = await Watcher(Tagger()).CheckAsync();
        var other = await Watcher(Tagger()).CheckAsync();

        Assert.Equal((1, 1), (one!.Seen, one.Tagged));
        Assert.Equal((1, 0, 1), (other!.Seen, other.Tagged, other.AlreadyCurrent));
        Assert.Equal("warm", (await TagsAsync(images[0].Id))[0].Label);
        Assert.Empty(await TagsAsync(images[1].Id));
    }
}
