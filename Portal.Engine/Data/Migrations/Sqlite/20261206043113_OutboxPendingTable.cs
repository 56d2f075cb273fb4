using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Sqlite
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
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

            // SQLite's own DROP COLUMN: EF's DropColumn rebuilds the table after every other step, dropping the trigger below.
            migrationBuilder.Sql("""ALTER TABLE outbox_messages DROP COLUMN "PublishedAt";""");

            // From now on a trigger adds an outbox_pending row for every outbox row written, in the writer's transaction.
            migrationBuilder.Sql("""
                CREATE TRIGGER outbox_pending_add AFTER INSERT ON outbox_messages
                BEGIN
                    INSERT INTO outbox_pending ("Sequence") VALUES (NEW."Sequence");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER outbox_pending_add;");

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "outbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.Sql("""UPDATE outbox_messages SET "PublishedAt" = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE "Sequence" NOT IN (SELECT "Sequence" FROM outbox_pending);""");

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
