using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EventPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "images",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Camera",
                table: "images",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DominantColor",
                table: "images",
                type: "character varying(7)",
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DuplicateOfId",
                table: "images",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Format",
                table: "images",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PerceptualHash",
                table: "images",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProcessedAt",
                table: "images",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sha256",
                table: "images",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "TakenAt",
                table: "images",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ThumbnailKey",
                table: "images",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebKey",
                table: "images",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExpiresAt",
                table: "api_keys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "api_keys",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Logistics");

            migrationBuilder.CreateTable(
                name: "consumer_controls",
                columns: table => new
                {
                    Handler = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Paused = table.Column<bool>(type: "boolean", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consumer_controls", x => x.Handler);
                });

            migrationBuilder.CreateTable(
                name: "dead_letters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Handler = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Topic = table.Column<string>(type: "character varying(249)", maxLength: 249, nullable: false),
                    Partition = table.Column<int>(type: "integer", nullable: false),
                    Offset = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    EventId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Type = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Headers = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<byte[]>(type: "bytea", nullable: false),
                    Timestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    FirstFailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastFailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetryRequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dead_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "event_log_group_partitions",
                columns: table => new
                {
                    GroupId = table.Column<string>(type: "character varying(249)", maxLength: 249, nullable: false),
                    Topic = table.Column<string>(type: "character varying(249)", maxLength: 249, nullable: false),
                    Partition = table.Column<int>(type: "integer", nullable: false),
                    Owner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CommittedOffset = table.Column<long>(type: "bigint", nullable: true),
                    CommittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_group_partitions", x => new { x.GroupId, x.Topic, x.Partition });
                });

            migrationBuilder.CreateTable(
                name: "event_log_members",
                columns: table => new
                {
                    GroupId = table.Column<string>(type: "character varying(249)", maxLength: 249, nullable: false),
                    MemberId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Topics = table.Column<string>(type: "text", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_members", x => new { x.GroupId, x.MemberId });
                });

            migrationBuilder.CreateTable(
                name: "event_log_partitions",
                columns: table => new
                {
                    Topic = table.Column<string>(type: "character varying(249)", maxLength: 249, nullable: false),
                    Partition = table.Column<int>(type: "integer", nullable: false),
                    NextOffset = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_partitions", x => new { x.Topic, x.Partition });
                });

            migrationBuilder.CreateTable(
                name: "event_log_records",
                columns: table => new
                {
                    Topic = table.Column<string>(type: "character varying(249)", maxLength: 249, nullable: false),
                    Partition = table.Column<int>(type: "integer", nullable: false),
                    Offset = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<byte[]>(type: "bytea", nullable: false),
                    Headers = table.Column<string>(type: "text", nullable: false),
                    Timestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log_records", x => new { x.Topic, x.Partition, x.Offset });
                });

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

            migrationBuilder.CreateTable(
                name: "processed_events",
                columns: table => new
                {
                    Handler = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    EventId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processed_events", x => new { x.Handler, x.EventId });
                });

            migrationBuilder.CreateTable(
                name: "worker_invocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Handler = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Size = table.Column<int>(type: "integer", nullable: false),
                    Handled = table.Column<int>(type: "integer", nullable: false),
                    DurationMs = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_worker_invocations", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "outbox_relay_leases",
                columns: new[] { "Name", "ExpiresAt", "Fence", "Owner" },
                values: new object[] { "outbox", new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 0L, null });

            migrationBuilder.CreateIndex(
                name: "IX_dead_letters_Handler_Id",
                table: "dead_letters",
                columns: new[] { "Handler", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_event_log_records_Timestamp",
                table: "event_log_records",
                column: "Timestamp");

            migrationBuilder.CreateIndex(
                name: "IX_event_log_records_Topic_Partition_Timestamp",
                table: "event_log_records",
                columns: new[] { "Topic", "Partition", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_processed_events_ProcessedAt",
                table: "processed_events",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_worker_invocations_At",
                table: "worker_invocations",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consumer_controls");

            migrationBuilder.DropTable(
                name: "dead_letters");

            migrationBuilder.DropTable(
                name: "event_log_group_partitions");

            migrationBuilder.DropTable(
                name: "event_log_members");

            migrationBuilder.DropTable(
                name: "event_log_partitions");

            migrationBuilder.DropTable(
                name: "event_log_records");

            migrationBuilder.DropTable(
                name: "outbox_relay_leases");

            migrationBuilder.DropTable(
                name: "processed_events");

            migrationBuilder.DropTable(
                name: "worker_invocations");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "images");

            migrationBuilder.DropColumn(
                name: "Camera",
                table: "images");

            migrationBuilder.DropColumn(
                name: "DominantColor",
                table: "images");

            migrationBuilder.DropColumn(
                name: "DuplicateOfId",
                table: "images");

            migrationBuilder.DropColumn(
                name: "Format",
                table: "images");

            migrationBuilder.DropColumn(
                name: "PerceptualHash",
                table: "images");

            migrationBuilder.DropColumn(
                name: "ProcessedAt",
                table: "images");

            migrationBuilder.DropColumn(
                name: "Sha256",
                table: "images");

            migrationBuilder.DropColumn(
                name: "TakenAt",
                table: "images");

            migrationBuilder.DropColumn(
                name: "ThumbnailKey",
                table: "images");

            migrationBuilder.DropColumn(
                name: "WebKey",
                table: "images");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "api_keys");
        }
    }
}
