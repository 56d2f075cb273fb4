using System.Text.Json.Nodes;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary>What an event keeps when the lake export writes it: ids as keys, and nothing that names a person, at any depth.</summary>
public sealed class LakePseudonymsTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase database = new();
    private LakePseudonyms pseudonyms = default!;

    public async Task InitializeAsync()
    {
        await database.MigrateAsync();
        pseudonyms = await LakePseudonyms.LoadAsync(new TestDbContextFactory(database), TimeProvider.System, default);
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public void Personal_fields_and_email_addresses_are_left_out_at_every_depth_and_ids_become_keys()
    {
        var json = """
            {"OrderId": 7, "CustomerId": 42, "Email": "a@example.test", "Note": "call me: a@example.test",
             "Contact": "b@example.test",
             "Shipment": {"ShippingAddress": {"Line1": "1 Way"}, "TrackingNumber": "TR1", "Weight": 3, "CarrierUserId": "user-1"},
             "Lines": [{"Sku": "CAM-1", "Quantity": 2, "FullName": "Ann"}],
             "Recipients": ["c@example.test", "ops"]}
            """;

        var data = JsonNode.Parse(pseudonyms.EventData(json))!.AsObject();

        Assert.Equal(7, data["OrderId"]!.GetValue<int>());
        Assert.Equal(pseudonyms.Customer(42), data["CustomerId"]!.GetValue<string>());
        Assert.False(data.ContainsKey("Email"));
        Assert.False(data.ContainsKey("Contact"));
        Assert.False(data.ContainsKey("Note")); // text holding an address, whatever its field is called
        var shipment = data["Shipment"]!.AsObject();
        Assert.Equal(["Weight", "CarrierUserId"], shipment.Select(p => p.Key));
        Assert.Equal(pseudonyms.User("user-1"), shipment["CarrierUserId"]!.GetValue<string>());
        Assert.Equal(["Sku", "Quantity"], data["Lines"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["ops"], data["Recipients"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.DoesNotContain("example.test", pseudonyms.EventData(json));
    }
}
