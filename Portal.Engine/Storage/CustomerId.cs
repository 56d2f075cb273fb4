namespace Portal.Engine.Storage;

/// <summary>
/// A customer's id in the safe form used in keys and bucket names: 32 lowercase hex digits for a GUID
/// (in any of its spellings), or an id that is already 1-32 lowercase letters and digits. Anything else is
/// refused rather than rewritten, so two different ids can never map to the same space.
/// </summary>
public static class CustomerId
{
    public const int MaxLength = 32;

    public static string Normalize(string? ownerId)
    {
        if (string.IsNullOrWhiteSpace(ownerId))
            throw new InvalidObjectKeyException("A customer id is required.");
        if (Guid.TryParse(ownerId, out var guid)) return guid.ToString("N");
        if (ownerId.Length <= MaxLength && ownerId.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9')) return ownerId;
        throw new InvalidObjectKeyException("Customer id is refused: it must be a GUID or 1-32 lowercase letters and digits.");
    }
}
