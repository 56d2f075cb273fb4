using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CheckoutFlow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PaymentReference",
                table: "orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShippingMethod",
                table: "orders",
                type: "character varying(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ShippingPrice",
                table: "orders",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateTime>(
                name: "ShipmentsSeenAt",
                table: "customers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "saved_addresses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ship_line1 = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    ship_line2 = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    ship_postal_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ship_city = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    ship_country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_addresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_saved_addresses_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_saved_addresses_CustomerId",
                table: "saved_addresses",
                column: "CustomerId");

            // Every customer keeps the address on their profile as their first saved address.
            migrationBuilder.Sql("""
                INSERT INTO saved_addresses ("CustomerId", "Label", ship_line1, ship_line2, ship_postal_code, ship_city, ship_country, "CreatedAt", "UpdatedAt")
                SELECT "Id", 'Home', ship_line1, ship_line2, ship_postal_code, ship_city, ship_country, "CreatedAt", "UpdatedAt" FROM customers
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "saved_addresses");

            migrationBuilder.DropColumn(
                name: "PaymentReference",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "ShippingMethod",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "ShippingPrice",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "ShipmentsSeenAt",
                table: "customers");
        }
    }
}
