using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmbeddedEventLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_log_group_partitions",
                columns: table => new
                {
                    GroupId = table.Column<string>(type: "TEXT", maxLength: 249, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 249, nullable: false),
                    Partition = table.Column<int>(type: "INTEGER", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CommittedOffset = table.Column<long>(type: "INTEGER", nullable: true),
                    CommittedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_group_partitions", x => new { x.GroupId, x.Topic, x.Partition });
                });

            migrationBuilder.CreateTable(
                name: "event_log_members",
                columns: table => new
                {
                    GroupId = table.Column<string>(type: "TEXT", maxLength: 249, nullable: false),
                    MemberId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Topics = table.Column<string>(type: "TEXT", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_members", x => new { x.GroupId, x.MemberId });
                });

            migrationBuilder.CreateTable(
                name: "event_log_partitions",
                columns: table => new
                {
                    Topic = table.Column<string>(type: "TEXT", maxLength: 249, nullable: false),
                    Partition = table.Column<int>(type: "INTEGER", nullable: false),
                    NextOffset = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_partitions", x => new { x.Topic, x.Partition });
                });

            migrationBuilder.CreateTable(
                name: "event_log_records",
                columns: table => new
                {
                    Topic = table.Column<string>(type: "TEXT", maxLength: 249, nullable: false),
                    Partition = table.Column<int>(type: "INTEGER", nullable: false),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Headers = table.Column<string>(type: "TEXT", nullable: false),
                    Timestamp = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_records", x => new { x.Topic, x.Partition, x.Offset });
                });

            migrationBuilder.CreateIndex(
                name: "IX_event_log_records_Timestamp",
                table: "event_log_records",
                column: "Timestamp");

            migrationBuilder.CreateIndex(
                name: "IX_event_log_records_Topic_Partition_Timestamp",
                table: "event_log_records",
                columns: new[] { "Topic", "Partition", "Timestamp" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_log_group_partitions");

            migrationBuilder.DropTable(
                name: "event_log_members");

            migrationBuilder.DropTable(
                name: "event_log_partitions");

            migrationBuilder.DropTable(
                name: "event_log_records");
        }
    }
}
