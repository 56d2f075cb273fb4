using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <summary>
    /// Triggers that announce committed changes on the <c>portal_changes</c> channel as <c>{table}:{key}</c>
    /// (see Data/DatabaseChangeListener), whoever makes them, so every instance can drop its cached copies:
    /// orders and their lines (as <c>orders:{order id}</c>), customers' names and e-mails, API key revocations
    /// (<c>api_keys:{prefix}</c>; not the last-used time, which every cache miss writes) and users' roles
    /// (<c>user_roles:{user id}</c>). A TRUNCATE announces <c>{table}:*</c>. PostgreSQL delivers notifications
    /// only on commit and folds duplicates within a transaction.
    /// </summary>
    public partial class ChangeNotifications : Migration
    {
        private static readonly (string Table, string Trigger, string Events, string Announce, string Key)[] Announced =
        [
            ("orders", "orders_announce", "UPDATE OR DELETE", "orders", "Id"),
            ("order_lines", "order_lines_announce", "INSERT OR UPDATE OR DELETE", "orders", "OrderId"),
            ("customers", "customers_announce", "UPDATE OF \"FullName\", \"Email\" OR DELETE", "customers", "Id"),
            ("api_keys", "api_keys_announce", "UPDATE OF \"RevokedAt\" OR DELETE", "api_keys", "Prefix"),
            ("\"AspNetUserRoles\"", "user_roles_announce", "INSERT OR UPDATE OR DELETE", "user_roles", "UserId"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- TG_ARGV[0]: the table name to announce; TG_ARGV[1]: the column whose value is the key.
                    IF TG_OP = 'TRUNCATE' THEN
                        PERFORM pg_notify('portal_changes', TG_ARGV[0] || ':*');
                    ELSE
                        PERFORM pg_notify('portal_changes',
                            TG_ARGV[0] || ':' || (to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[1]));
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            foreach (var (table, trigger, events, announce, key) in Announced)
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {trigger} AFTER {events} ON {table}
                        FOR EACH ROW EXECUTE FUNCTION portal_announce_change('{announce}', '{key}');
                    CREATE TRIGGER {trigger}_truncate AFTER TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION portal_announce_change('{announce}', '{key}');
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, trigger, _, _, _) in Announced)
                migrationBuilder.Sql($"""
                    DROP TRIGGER {trigger}_truncate ON {table};
                    DROP TRIGGER {trigger} ON {table};
                    """);
            migrationBuilder.Sql("DROP FUNCTION portal_announce_change();");
        }
    }
}
