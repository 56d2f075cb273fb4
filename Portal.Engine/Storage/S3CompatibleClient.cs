using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.S3.Model;

namespace Portal.Engine.Storage;

/// <summary>
/// An S3 client for S3-compatible servers (<c>ObjectStore:S3:CompatibilityMode</c>): uploads are sent
/// without aws-chunked framing, which servers such as s3rver otherwise store inside the object
/// (they answer 200 and keep the chunk signatures as content). Off for AWS S3.
/// </summary>
public sealed class S3CompatibleClient : AmazonS3Client
{
    public S3CompatibleClient(AWSCredentials credentials, AmazonS3Config config) : base(credentials, config) { }

    public S3CompatibleClient(AmazonS3Config config) : base(config) { }

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandlerBefore<Marshaller>(new UnchunkedUploads());
    }

    private sealed class UnchunkedUploads : PipelineHandler
    {
        public override void InvokeSync(IExecutionContext executionContext)
        {
            Apply(executionContext);
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Apply(executionContext);
            return base.InvokeAsync<T>(executionContext);
        }

        private static void Apply(IExecutionContext executionContext)
        {
            switch (executionContext.RequestContext.OriginalRequest)
            {
                case PutObjectRequest put: put.UseChunkEncoding = false; break;
                case UploadPartRequest part: part.UseChunkEncoding = false; break;
            }
        }
    }
}
