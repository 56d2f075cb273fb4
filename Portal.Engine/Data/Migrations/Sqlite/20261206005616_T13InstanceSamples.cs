using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Instance = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RequestsPerSecond = table.Column<double>(type: "REAL", nullable: false),
                    ErrorRate = table.Column<double>(type: "REAL", nullable: false),
                    P95Milliseconds = table.Column<double>(type: "REAL", nullable: true),
                    CacheHitRatio = table.Column<double>(type: "REAL", nullable: true),
                    OutboxWaiting = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsumerLag = table.Column<long>(type: "INTEGER", nullable: false)
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
