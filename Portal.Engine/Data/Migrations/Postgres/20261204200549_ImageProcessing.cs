using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImageProcessing : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
