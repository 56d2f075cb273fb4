using System.Globalization;

namespace Portal.Engine.Messaging.Live;

/// <summary>
/// What the activity view shows: an event type (exact CloudEvents type, or <see cref="Unreadable"/>), a subject (the
/// subject starts with it, e.g. <c>orders/</c> or <c>catalog/12</c>) and a customer (part of their name or e-mail, their
/// customer number as <c>42</c> or <c>#42</c>, or their account id). Empty parts match everything.
/// </summary>
public sealed record ActivityFilter(string? Type = null, string? Subject = null, string? Customer = null)
{
    /// <summary>The type filter for entries that are not a known, readable event.</summary>
    public const string Unreadable = "(unreadable)";

    public bool IsEmpty => string.IsNullOrWhiteSpace(Type) && string.IsNullOrWhiteSpace(Subject) && string.IsNullOrWhiteSpace(Customer);

    public bool Matches(ActivityEntry entry, ActivityCustomer? customer)
    {
        if (!string.IsNullOrWhiteSpace(Type)
            && !(Type == Unreadable ? entry.Event is null : string.Equals(entry.Type, Type, StringComparison.Ordinal)))
            return false;
        if (!string.IsNullOrWhiteSpace(Subject)
            && !(entry.Subject ?? "").StartsWith(Subject.Trim(), StringComparison.OrdinalIgnoreCase))
            return false;
        return string.IsNullOrWhiteSpace(Customer) || MatchesCustomer(entry, customer, Customer.Trim());
    }

    private static bool MatchesCustomer(ActivityEntry entry, ActivityCustomer? customer, string text)
    {
        if (int.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && (entry.CustomerId ?? customer?.Id) == number)
            return true;
        if (string.Equals(entry.UserId, text, StringComparison.Ordinal)) return true;
        return customer is not null && (customer.FullName.Contains(text, StringComparison.OrdinalIgnoreCase)
            || customer.Email.Contains(text, StringComparison.OrdinalIgnoreCase));
    }
}
