using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// Turns customer and user ids into keys analysts can join on but not reverse: HMAC-SHA256 with a secret made once and
/// kept in the shop database (<see cref="LakeSecret"/>), never written to the lake. A user who is a customer gets their
/// customer's key, so storefront events and sales line up.
/// </summary>
public sealed partial class LakePseudonyms
{
    /// <summary>Event fields that could identify a person and that analysts do not need, at any depth.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
        { "Email", "FullName", "FileName", "ObjectKey", "ShippingAddress", "Address", "TrackingNumber", "PaymentReference" };

    private readonly byte[] _secret;
    private readonly IReadOnlyDictionary<string, int> _customerOfUser;

    private LakePseudonyms(byte[] secret, IReadOnlyDictionary<string, int> customerOfUser)
    {
        _secret = secret;
        _customerOfUser = customerOfUser;
    }

    public static async Task<LakePseudonyms> LoadAsync(IDbContextFactory<PortalDbContext> databases, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var secret = await db.LakeSecrets.AsNoTracking().Where(s => s.Name == LakeSecret.CustomerKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        if (secret is null)
        {
            db.LakeSecrets.Add(new LakeSecret { Name = LakeSecret.CustomerKey, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CreatedAt = clock.GetUtcNow().UtcDateTime });
            try { await db.SaveChangesAsync(cancellationToken); }
            catch (DbUpdateException e) when (UniqueViolation.Is(e)) { } // another instance made it first: use theirs
            db.ChangeTracker.Clear();
            secret = await db.LakeSecrets.AsNoTracking().Where(s => s.Name == LakeSecret.CustomerKey).Select(s => s.Value).SingleAsync(cancellationToken);
        }
        var users = await db.Customers.AsNoTracking().Where(c => c.UserId != null).Select(c => new { c.UserId, c.Id }).ToDictionaryAsync(c => c.UserId!, c => c.Id, cancellationToken);
        return new LakePseudonyms(Convert.FromBase64String(secret), users);
    }

    /// <summary>
    /// The customer's key, remembered for the run: every order line of a customer needs it, and an HMAC per line was a
    /// fifth of the export's CPU. At most <see cref="RememberedKeys"/> are kept, so memory stays bounded in a big shop.
    /// </summary>
    public string Customer(long customerId)
    {
        if (_customerKeys.TryGetValue(customerId, out var key)) return key;
        key = Hash("customer:" + customerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_customerKeys.Count < RememberedKeys) _customerKeys.TryAdd(customerId, key);
        return key;
    }

    private const int RememberedKeys = 200_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, string> _customerKeys = new();

    public string User(string userId) => _customerOfUser.TryGetValue(userId, out var customer) ? Customer(customer) : "u" + Hash("user:" + userId);

    /// <summary>
    /// The event's JSON with user and customer ids replaced by their keys and personal fields left out, at every depth
    /// (an order's lines, an address inside a shipment): named personal fields are dropped, and so is any text that
    /// holds an e-mail address, whatever its field is called.
    /// </summary>
    public string EventData(string json)
    {
        var data = JsonNode.Parse(json);
        if (data is null) return json;
        Clean(data);
        return data.ToJsonString();
    }

    private void Clean(JsonNode node)
    {
        switch (node)
        {
            case JsonObject data:
                foreach (var (name, value) in data.ToList())
                {
                    if (Dropped.Contains(name) || IsEmailText(value)) data.Remove(name);
                    else if (value is null) continue;
                    else if (name.EndsWith("UserId", StringComparison.OrdinalIgnoreCase) && value is JsonValue) data[name] = User(value.ToString());
                    else if (name.EndsWith("CustomerId", StringComparison.OrdinalIgnoreCase) && long.TryParse(value.ToString(), out var id)) data[name] = Customer(id);
                    else Clean(value);
                }
                break;
            case JsonArray items:
                for (var i = items.Count - 1; i >= 0; i--)
                {
                    if (IsEmailText(items[i])) items.RemoveAt(i);
                    else if (items[i] is { } item) Clean(item);
                }
                break;
        }
    }

    private static bool IsEmailText(JsonNode? value) =>
        value is JsonValue text && text.TryGetValue<string>(out var s) && s.Contains('@') && EmailAddress().IsMatch(s);

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\s@<>()""',;:]+@[^\s@<>()""',;:]+\.[A-Za-z]{2,}")]
    private static partial System.Text.RegularExpressions.Regex EmailAddress();

    private string Hash(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
}
