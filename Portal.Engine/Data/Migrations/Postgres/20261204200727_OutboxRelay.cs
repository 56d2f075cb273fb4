using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxRelay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_relay_leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Fence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_relay_leases", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "outbox_relay_leases",
                columns: new[] { "Name", "ExpiresAt", "Fence", "Owner" },
                values: new object[] { "outbox", new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 0L, null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_relay_leases");
        }
    }
}
