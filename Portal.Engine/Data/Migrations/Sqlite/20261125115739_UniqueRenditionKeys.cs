using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Engine.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UniqueRenditionKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Records saved twice at once point at the same object: keep the first of each, the object stays.
            migrationBuilder.Sql("""
                DELETE FROM "image_renditions" WHERE "Id" NOT IN
                    (SELECT MIN("Id") FROM "image_renditions" GROUP BY "ImageAssetId", "Key");
                """);

            migrationBuilder.DropIndex(
                name: "IX_image_renditions_ImageAssetId",
                table: "image_renditions");

            migrationBuilder.CreateIndex(
                name: "IX_image_renditions_ImageAssetId_Key",
                table: "image_renditions",
                columns: new[] { "ImageAssetId", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_image_renditions_ImageAssetId_Key",
                table: "image_renditions");

            migrationBuilder.CreateIndex(
                name: "IX_image_renditions_ImageAssetId",
                table: "image_renditions",
                column: "ImageAssetId");
        }
    }
}
