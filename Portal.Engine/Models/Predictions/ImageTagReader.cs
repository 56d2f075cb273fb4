using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Models.Predictions;

/// <summary>The auto-tags of a customer's images, for the gallery's chips and its search.</summary>
public sealed class ImageTagReader(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>Each of the owner's tagged images' tags, best first.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<TagChip>>> ForOwnerAsync(string ownerUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from t in db.ImageTags.AsNoTracking()
                          join i in db.Images.AsNoTracking() on t.ImageId equals i.Id
                          where i.OwnerUserId == ownerUserId
                          select new { t.ImageId, t.Label, t.Probability }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ImageId).ToDictionary(g => g.Key,
            g => (IReadOnlyList<TagChip>)g.OrderByDescending(r => r.Probability).ThenBy(r => r.Label, StringComparer.Ordinal)
                .Select(r => new TagChip(r.Label, r.Probability)).ToList());
    }
}

/// <summary>One auto-tag as the gallery shows it.</summary>
public sealed record TagChip(string Label, float Probability);
