using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Logistics;

/// <summary>
/// Reads one order with its lines and customer in a single round trip with plain SQL: the logistics
/// API's hottest call, where EF Core's query pipeline cost more CPU than the database did. Same SQL on
/// SQLite and PostgreSQL; the data-access suite checks it against the EF Core mapping on both.
/// </summary>
public static class OrderReader
{
    private const string Sql = """
        SELECT o."Id", o."Status", o."PlacedAt", o."PaidAt", o."ShippedAt", o."CompletedAt", o."CancelledAt",
               o."Subtotal", o."Discount", o."Total", o."Currency", o."TotalWeightGrams", o."Carrier", o."TrackingNumber",
               o."Version", o."CreatedAt", o."UpdatedAt", o."CustomerId",
               o.ship_line1, o.ship_line2, o.ship_postal_code, o.ship_city, o.ship_country,
               c."FullName", c."Email",
               l."Id", l."CatalogItemId", l."Sku", l."Name", l."UnitPrice", l."Quantity", l."LineTotal", l."UnitWeightGrams", l."LineWeightGrams",
               o."ShippingMethod", o."ShippingPrice"
        FROM orders o
        JOIN customers c ON c."Id" = o."CustomerId"
        LEFT JOIN order_lines l ON l."OrderId" = o."Id"
        WHERE o."Id" = @id
        ORDER BY l."Id"
        """;

    public static async Task<Order?> ReadAsync(PortalDbContext db, int orderId, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            var id = command.CreateParameter();
            id.ParameterName = "id";
            id.Value = orderId;
            command.Parameters.Add(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            Order? order = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                order ??= ReadOrder(reader);
                if (!reader.IsDBNull(25)) order.Lines.Add(ReadLine(reader, order.Id));
            }
            return order;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Order ReadOrder(DbDataReader r)
    {
        var address = new PostalAddress
        {
            Line1 = r.GetString(18), Line2 = r.IsDBNull(19) ? null : r.GetString(19),
            PostalCode = r.GetString(20), City = r.GetString(21), Country = r.GetString(22),
        };
        return new Order
        {
            Id = r.GetInt32(0),
            Status = Enum.Parse<OrderStatus>(r.GetString(1)),
            PlacedAt = Utc(r, 2)!.Value, PaidAt = Utc(r, 3), ShippedAt = Utc(r, 4), CompletedAt = Utc(r, 5), CancelledAt = Utc(r, 6),
            Subtotal = r.GetDecimal(7), Discount = r.GetDecimal(8), Total = r.GetDecimal(9), Currency = r.GetString(10).Trim(),
            TotalWeightGrams = r.GetInt32(11),
            Carrier = r.IsDBNull(12) ? null : r.GetString(12), TrackingNumber = r.IsDBNull(13) ? null : r.GetString(13),
            Version = r.GetInt64(14), CreatedAt = Utc(r, 15)!.Value, UpdatedAt = Utc(r, 16)!.Value,
            CustomerId = r.GetInt32(17),
            ShippingMethod = r.IsDBNull(34) ? null : r.GetString(34), ShippingPrice = r.GetDecimal(35),
            ShippingAddress = address,
            Customer = new Customer { Id = r.GetInt32(17), FullName = r.GetString(23), Email = r.GetString(24), ShippingAddress = address },
        };
    }

    private static OrderLine ReadLine(DbDataReader r, int orderId) => new()
    {
        Id = r.GetInt32(25), OrderId = orderId, CatalogItemId = r.GetInt32(26), Sku = r.GetString(27), Name = r.GetString(28),
        UnitPrice = r.GetDecimal(29), Quantity = r.GetInt32(30), LineTotal = r.GetDecimal(31),
        UnitWeightGrams = r.GetInt32(32), LineWeightGrams = r.GetInt32(33),
    };

    // PostgreSQL hands back UTC timestamps; SQLite hands back text without a kind, which we always store as UTC.
    private static DateTime? Utc(DbDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(r.GetDateTime(ordinal), DateTimeKind.Utc);
}
