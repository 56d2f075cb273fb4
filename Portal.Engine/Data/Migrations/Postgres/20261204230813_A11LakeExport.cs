using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class A11LakeExport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lake_export_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Dataset = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CurrentTable = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TablesDone = table.Column<int>(type: "integer", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    PartitionsWritten = table.Column<int>(type: "integer", nullable: false),
                    PartitionsKept = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lake_export_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lake_secrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lake_secrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "membership_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<int>(type: "integer", nullable: false),
                    Tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EffectiveFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_membership_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_membership_changes_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lake_export_runs_Dataset_StartedAt",
                table: "lake_export_runs",
                columns: new[] { "Dataset", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_lake_export_runs_running",
                table: "lake_export_runs",
                column: "Dataset",
                unique: true,
                filter: "\"Outcome\" = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_membership_changes_CustomerId_EffectiveFrom",
                table: "membership_changes",
                columns: new[] { "CustomerId", "EffectiveFrom" });

            // Every existing customer's history starts with the tier they have, from when they joined.
            migrationBuilder.Sql("""
                INSERT INTO membership_changes ("CustomerId", "Tier", "EffectiveFrom")
                SELECT "Id", "Tier", "MemberSince" FROM customers;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lake_export_runs");

            migrationBuilder.DropTable(
                name: "lake_secrets");

            migrationBuilder.DropTable(
                name: "membership_changes");
        }
    }
}
