using System.Runtime.CompilerServices;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Lake;

internal static class LakeObjects
{
    /// <summary>Every object under the prefix, page after page.</summary>
    public static async IAsyncEnumerable<ObjectSummary> ListAsync(IObjectStore store, string bucket, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await store.ListAsync(bucket, prefix, 1000, token, cancellationToken);
            foreach (var summary in page.Objects) yield return summary;
            token = page.ContinuationToken;
        } while (token is not null);
    }
}
