using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <summary>
    /// Triggers that announce every committed change to an order, its lines or its customer's name and e-mail on
    /// the <c>portal_order_changes</c> channel (<c>*</c> for a TRUNCATE) (see Logistics/OrderChangeListener), whoever makes it, so every
    /// instance can evict its cached copy. PostgreSQL delivers notifications only on commit and folds duplicates
    /// within a transaction.
    /// </summary>
    public partial class OrderChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_notify_order_change() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    changed record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        PERFORM pg_notify('portal_order_changes', '*');
                    ELSIF TG_TABLE_NAME = 'orders' THEN
                        PERFORM pg_notify('portal_order_changes', 'o:' || changed."Id");
                    ELSIF TG_TABLE_NAME = 'order_lines' THEN
                        PERFORM pg_notify('portal_order_changes', 'o:' || changed."OrderId");
                    ELSIF TG_TABLE_NAME = 'customers' THEN
                        PERFORM pg_notify('portal_order_changes', 'c:' || changed."Id");
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER orders_notify_change AFTER UPDATE OR DELETE ON orders
                    FOR EACH ROW EXECUTE FUNCTION portal_notify_order_change();
                CREATE TRIGGER order_lines_notify_change AFTER INSERT OR UPDATE OR DELETE ON order_lines
                    FOR EACH ROW EXECUTE FUNCTION portal_notify_order_change();
                CREATE TRIGGER customers_notify_change AFTER UPDATE OF "FullName", "Email" OR DELETE ON customers
                    FOR EACH ROW EXECUTE FUNCTION portal_notify_order_change();
                CREATE TRIGGER orders_notify_truncate AFTER TRUNCATE ON orders
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_notify_order_change();
                CREATE TRIGGER order_lines_notify_truncate AFTER TRUNCATE ON order_lines
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_notify_order_change();
                CREATE TRIGGER customers_notify_truncate AFTER TRUNCATE ON customers
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_notify_order_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER customers_notify_truncate ON customers;
                DROP TRIGGER order_lines_notify_truncate ON order_lines;
                DROP TRIGGER orders_notify_truncate ON orders;
                DROP TRIGGER customers_notify_change ON customers;
                DROP TRIGGER order_lines_notify_change ON order_lines;
                DROP TRIGGER orders_notify_change ON orders;
                DROP FUNCTION portal_notify_order_change();
                """);
        }
    }
}
