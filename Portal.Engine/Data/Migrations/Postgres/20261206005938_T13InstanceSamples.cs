using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class T13InstanceSamples : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "instance_samples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Instance = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestsPerSecond = table.Column<double>(type: "double precision", nullable: false),
                    ErrorRate = table.Column<double>(type: "double precision", nullable: false),
                    P95Milliseconds = table.Column<double>(type: "double precision", nullable: true),
                    CacheHitRatio = table.Column<double>(type: "double precision", nullable: true),
                    OutboxWaiting = table.Column<long>(type: "bigint", nullable: false),
                    ConsumerLag = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instance_samples", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_instance_samples_At",
                table: "instance_samples",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "instance_samples");
        }
    }
}
