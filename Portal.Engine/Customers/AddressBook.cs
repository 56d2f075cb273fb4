using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Customers;

/// <summary>The outcome of saving an address: the saved one, or the errors by field (nothing written).</summary>
public sealed record AddressSaveResult(SavedAddress? Saved, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>A customer's saved shipping addresses; another customer's are simply not found.</summary>
public sealed class AddressBook(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int MaxAddresses = 20;

    public async Task<IReadOnlyList<SavedAddress>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SavedAddresses.AsNoTracking()
            .Where(a => db.Customers.Any(c => c.Id == a.CustomerId && c.UserId == userId))
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Adds the draft (no <see cref="AddressDraft.Id"/>) or changes the customer's address with that id.</summary>
    public async Task<AddressSaveResult> SaveAsync(string userId, AddressDraft draft, CancellationToken cancellationToken = default)
    {
        var (address, label, errors) = AddressRules.Check(draft);
        if (address is null) return new(null, errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customerId = await db.Customers.Where(c => c.UserId == userId).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (customerId is null) return Refused("Your account has no customer profile to keep addresses in.");
        SavedAddress? saved;
        if (draft.Id is { } id)
        {
            saved = await db.SavedAddresses.FirstOrDefaultAsync(a => a.Id == id && a.CustomerId == customerId, cancellationToken);
            if (saved is null) return Refused("This address is no longer in your address book.");
            saved.Label = label;
            saved.Address = address;
        }
        else
        {
            if (await db.SavedAddresses.CountAsync(a => a.CustomerId == customerId, cancellationToken) >= MaxAddresses)
                return Refused($"You can keep at most {MaxAddresses} addresses; edit one of them instead.");
            saved = new SavedAddress { CustomerId = customerId.Value, Label = label, Address = address };
            db.SavedAddresses.Add(saved);
        }
        await db.SaveChangesAsync(cancellationToken);
        return new(saved, errors);
    }

    private static AddressSaveResult Refused(string reason) => new(null, new Dictionary<string, string> { [""] = reason });
}
