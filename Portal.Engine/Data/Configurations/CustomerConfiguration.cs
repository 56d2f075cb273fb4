using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Customers;
using Portal.Engine.Identity;

namespace Portal.Engine.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> customer)
    {
        customer.ToTable("customers");
        customer.HasIndex(c => c.Email).IsUnique();
        customer.HasIndex(c => c.UserId).IsUnique();
        customer.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.SetNull);
        customer.Property(c => c.Email).HasMaxLength(256);
        customer.Property(c => c.FullName).HasMaxLength(120);
        customer.Property(c => c.Tier).HasConversion<string>().HasMaxLength(16);
        customer.Property(c => c.MembershipStatus).HasConversion<string>().HasMaxLength(16);
        customer.OwnsOne(c => c.ShippingAddress, AddressColumns.Configure);
    }
}

internal sealed class SavedAddressConfiguration : IEntityTypeConfiguration<SavedAddress>
{
    public void Configure(EntityTypeBuilder<SavedAddress> saved)
    {
        saved.ToTable("saved_addresses");
        saved.HasIndex(a => a.CustomerId);
        saved.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        saved.Property(a => a.Label).HasMaxLength(AddressRules.LabelMaxLength);
        saved.OwnsOne(a => a.Address, AddressColumns.Configure);
    }
}

internal static class AddressColumns
{
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, PostalAddress> address) where TOwner : class
    {
        address.Property(a => a.Line1).HasColumnName("ship_line1").HasMaxLength(AddressRules.LineMaxLength);
        address.Property(a => a.Line2).HasColumnName("ship_line2").HasMaxLength(AddressRules.LineMaxLength);
        address.Property(a => a.PostalCode).HasColumnName("ship_postal_code").HasMaxLength(AddressRules.PostalCodeMaxLength);
        address.Property(a => a.City).HasColumnName("ship_city").HasMaxLength(AddressRules.CityMaxLength);
        address.Property(a => a.Country).HasColumnName("ship_country").HasMaxLength(2);
    }
}
