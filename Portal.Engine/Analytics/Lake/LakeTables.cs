namespace Portal.Engine.Analytics.Lake;

/// <summary>
/// The exported dataset's tables and columns: the contract between the export (which writes them as Parquet), the
/// query engines (which read them), the Athena DDL and the catalog calls. Types are named as Athena names them.
/// Times are UTC timestamps (Parquet INT64 milliseconds, readable as <c>timestamp</c> by DuckDB and Athena); money is
/// <c>decimal(12,2)</c>. Customers appear only as <c>customer_key</c>: an HMAC of the customer id with a secret that
/// never leaves the shop database, so analysts can follow a customer without learning who they are.
/// </summary>
public static class LakeTables
{
    /// <summary>The partition column of every partitioned table: the month its rows belong to, <c>yyyy-MM</c>.</summary>
    public const string PartitionColumn = "month";

    /// <summary>Bumped whenever a table's columns change; kept in the manifest and the DDL.</summary>
    public const int SchemaVersion = 1;

    /// <summary>One row per order line, partitioned by the month the order was placed.</summary>
    public static readonly LakeTable Sales = new("sales", "One row per order line.", Partitioned: true,
    [
        new("order_id", "bigint"), new("line_id", "bigint"),
        new("placed_at", "timestamp"), new("paid_at", "timestamp"), new("shipped_at", "timestamp"),
        new("completed_at", "timestamp"), new("cancelled_at", "timestamp"),
        new("status", "string", "Placed, Paid, Shipped, Completed or Cancelled"),
        new("customer_key", "string", "Pseudonymous customer key"),
        new("membership_tier", "string", "The customer's tier when the order was placed"),
        new("country", "string", "ISO 3166-1 alpha-2 of the shipping address"),
        new("item_id", "bigint"), new("sku", "string"), new("item_name", "string"), new("category", "string"),
        new("quantity", "int"), new("unit_price", "decimal(12,2)"), new("line_total", "decimal(12,2)"),
        new("currency", "string"), new("unit_weight_grams", "int"), new("line_weight_grams", "int"),
    ]);

    /// <summary>One row per order, partitioned by the month it was placed.</summary>
    public static readonly LakeTable Orders = new("orders", "One row per order.", Partitioned: true,
    [
        new("order_id", "bigint"),
        new("placed_at", "timestamp"), new("paid_at", "timestamp"), new("shipped_at", "timestamp"),
        new("completed_at", "timestamp"), new("cancelled_at", "timestamp"),
        new("status", "string"), new("customer_key", "string"), new("membership_tier", "string"), new("country", "string"),
        new("currency", "string"), new("subtotal", "decimal(12,2)"), new("discount", "decimal(12,2)"),
        new("shipping_method", "string"), new("shipping_price", "decimal(12,2)"), new("total", "decimal(12,2)"),
        new("line_count", "int"), new("item_count", "int"), new("weight_grams", "int"), new("carrier", "string"),
    ]);

    /// <summary>
    /// A daily snapshot of every customer's membership, partitioned by the snapshot's month (the first export also writes
    /// one per past month-end, from the tier history, so past ranges have data). A customer has one row per
    /// currency they paid in (order_count and lifetime_value count that currency's non-cancelled orders only), or one
    /// row with currency null, 0 and 0 when they have no orders.
    /// </summary>
    public static readonly LakeTable Membership = new("membership", "Daily membership snapshot.", Partitioned: true,
    [
        new("snapshot_date", "date"), new("customer_key", "string"), new("tier", "string"), new("status", "string"),
        new("member_since", "timestamp"), new("order_count", "bigint"), new("lifetime_value", "decimal(12,2)"),
        new("currency", "string"),
    ]);

    /// <summary>The catalog as it is at export time (one file, not partitioned).</summary>
    public static readonly LakeTable Catalog = new("catalog", "Catalog snapshot.", Partitioned: false,
    [
        new("item_id", "bigint"), new("sku", "string"), new("name", "string"), new("category", "string"),
        new("price", "decimal(12,2)"), new("currency", "string"), new("weight_grams", "int"), new("stock", "int"),
        new("is_active", "boolean"), new("archived_at", "timestamp"), new("created_at", "timestamp"), new("updated_at", "timestamp"),
    ]);

    /// <summary>
    /// Storefront activity and pipeline events from the outbox, partitioned by the month they occurred. <c>data</c> is
    /// the event's JSON; read fields with <c>json_extract_scalar(data, '$.Ready')</c> on either engine.
    /// </summary>
    public static readonly LakeTable Events = new("events", "Storefront activity and pipeline events.", Partitioned: true,
    [
        new("event_id", "string"), new("sequence", "bigint"), new("type", "string", "e.g. portal.images.uploaded.v1"),
        new("family", "string"), new("name", "string"), new("version", "int"),
        new("event_key", "string", "The aggregate id the event is about"), new("subject", "string"),
        new("occurred_at", "timestamp"), new("data", "string", "The event's data, JSON (user ids pseudonymised)"),
    ]);

    /// <summary>
    /// Every stored image's embedding as the database holds it at export time (one file, rewritten when it changed): live
    /// customer images whose owner allowed training, and current product photos. Deleted images and withdrawn consent
    /// drop out at the next export. DuckDB compares vectors with <c>list_cosine_similarity</c>.
    /// </summary>
    public static readonly LakeTable ImageEmbeddings = new("image_embeddings", "Image embeddings (consented customer images, product photos).", Partitioned: false,
    [
        new("image_id", "string", "The customer image; null for a product photo"),
        new("catalog_item_id", "int", "The catalog item of a product photo; null for a customer image"),
        new("owner_key", "string", "Pseudonymous key of a customer image's owner (their customer_key); null for a product photo"),
        new("source", "string", "customer or product"), new("embedding_model", "string", "e.g. resnet18-v1"),
        new("vector", "array<float>"), new("created_at", "timestamp"),
    ]);

    public static readonly IReadOnlyList<LakeTable> All = [Sales, Orders, Membership, Catalog, Events, ImageEmbeddings];

    public static LakeTable? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A table of the dataset; <see cref="Columns"/> excludes the partition column, which lives in the path.</summary>
public sealed record LakeTable(string Name, string Description, bool Partitioned, IReadOnlyList<LakeColumn> Columns);

/// <summary>A column and its Athena type name (<c>bigint</c>, <c>int</c>, <c>string</c>, <c>decimal(12,2)</c>, <c>timestamp</c>, <c>date</c>, <c>boolean</c>, <c>array&lt;float&gt;</c>).</summary>
public sealed record LakeColumn(string Name, string Type, string? Comment = null);
