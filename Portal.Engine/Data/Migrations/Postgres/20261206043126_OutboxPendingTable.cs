using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxPendingTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_pending",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_pending", x => x.Sequence);
                });

            // What waits for the relay now: the rows not marked published.
            migrationBuilder.Sql("""INSERT INTO outbox_pending ("Sequence") SELECT "Sequence" FROM outbox_messages WHERE "PublishedAt" IS NULL;""");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_Unpublished",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "outbox_messages");

            // From now on a trigger adds an outbox_pending row for every outbox row written, in the writer's transaction (a
            // statement trigger: EF inserts, multi-row INSERTs and COPY alike).
            migrationBuilder.Sql("""
                CREATE FUNCTION outbox_pending_add() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO outbox_pending ("Sequence") SELECT "Sequence" FROM written;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER outbox_pending_add AFTER INSERT ON outbox_messages
                    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION outbox_pending_add();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER outbox_pending_add ON outbox_messages; DROP FUNCTION outbox_pending_add();");

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.Sql("""UPDATE outbox_messages SET "PublishedAt" = now() WHERE "Sequence" NOT IN (SELECT "Sequence" FROM outbox_pending);""");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_Unpublished",
                table: "outbox_messages",
                column: "Sequence",
                filter: "\"PublishedAt\" IS NULL");

            migrationBuilder.DropTable(
                name: "outbox_pending");
        }
    }
}
