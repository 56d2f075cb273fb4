using Portal.Engine.Data;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Models.Datasets;
using Portal.Tests.Engine.Models.Embeddings;
using Portal.Tests.Engine.Models.Training;
using Portal.Tests.Engine.Storage;

namespace Portal.Tests.Engine.Models;

// The models feature's object-store writes, run against the S3 peer (PORTAL_TEST_S3; scripts/peers/s3.sh) through the real S3
// adapter: the same tests as on the folder store, each test with its own models bucket. Without the peer they skip on a
// developer machine and fail under CI=true.

/// <summary>Dataset versions' augmented manifest and embeddings Parquet (<c>datasets/{name}/v{n}/</c>) on S3.</summary>
public sealed class S3DatasetVersionTests : DatasetVersionTests
{
    public S3DatasetVersionTests() : base(DatabaseOptions.Sqlite) => Options.Bucket = S3Peer.UniqueBucket("models");

    protected override IObjectStore CreateStore(string root) => S3Peer.Store();
}

/// <summary>Training artifacts (<c>models/{name}/{version}/</c>: model, metrics, training record, labels) on S3; a store refusing every write fails the job.</summary>
public sealed class S3TrainingJobTests() : TrainingJobTests(DatabaseOptions.Sqlite)
{
    protected override string Bucket { get; } = S3Peer.UniqueBucket("models");

    protected override Task<IObjectStore> CreateStoreAsync(string root, string bucket, bool unwritable) =>
        Task.FromResult(S3Peer.Store(wrongCredentials: unwritable));
}

/// <summary>The embeddings' Parquet parts (<c>embeddings/{model}/part-*.parquet</c>) the backfill appends, with the images' originals, on S3.</summary>
public sealed class S3EmbeddingBackfillTests : EmbeddingBackfillTests
{
    public S3EmbeddingBackfillTests() : base(DatabaseOptions.Sqlite) => Settings.Bucket = S3Peer.UniqueBucket("models");

    protected override IObjectStore CreateStore(string root) => S3Peer.Store();
}
