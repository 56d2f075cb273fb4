using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Engine.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class A12Models : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "image_embeddings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ObjectKey = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    ImageId = table.Column<Guid>(type: "uuid", nullable: true),
                    CatalogItemId = table.Column<int>(type: "integer", nullable: true),
                    OwnerUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Model = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Vector = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_image_embeddings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "image_tags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Probability = table.Column<float>(type: "real", nullable: false),
                    Endpoint = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    ModelVersionId = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_image_tags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_image_tags_images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "image_training_consents",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    AllowTraining = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_image_training_consents", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_image_training_consents_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_datasets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LabelsJson = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "model_dataset_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ObjectKey = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    ImageId = table.Column<Guid>(type: "uuid", nullable: true),
                    CatalogItemId = table.Column<int>(type: "integer", nullable: true),
                    OwnerUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Label = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LabelledBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    LabelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_dataset_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_dataset_items_model_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "model_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_dataset_versions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ItemCount = table.Column<int>(type: "integer", nullable: false),
                    LabelCountsJson = table.Column<string>(type: "text", nullable: false),
                    ExcludedCount = table.Column<int>(type: "integer", nullable: false),
                    ManifestSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EmbeddingModel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_dataset_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_dataset_versions_model_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "model_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_training_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ModelName = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    DatasetVersionId = table.Column<int>(type: "integer", nullable: false),
                    Trainer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HyperparametersJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    ValidationFraction = table.Column<double>(type: "double precision", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Progress = table.Column<double>(type: "double precision", nullable: false),
                    Stage = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Log = table.Column<string>(type: "text", nullable: false),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ModelVersionId = table.Column<int>(type: "integer", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_training_jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_training_jobs_model_dataset_versions_DatasetVersionId",
                        column: x => x.DatasetVersionId,
                        principalTable: "model_dataset_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "model_versions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ModelName = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    TrainingJobId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetVersionId = table.Column<int>(type: "integer", nullable: false),
                    Trainer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Accuracy = table.Column<double>(type: "double precision", nullable: false),
                    MacroF1 = table.Column<double>(type: "double precision", nullable: false),
                    MetricsJson = table.Column<string>(type: "text", nullable: false),
                    LabelsJson = table.Column<string>(type: "text", nullable: false),
                    EmbeddingModel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_versions_model_dataset_versions_DatasetVersionId",
                        column: x => x.DatasetVersionId,
                        principalTable: "model_dataset_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "model_endpoints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    ModelVersionId = table.Column<int>(type: "integer", nullable: false),
                    PreviousModelVersionId = table.Column<int>(type: "integer", nullable: true),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_endpoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_model_endpoints_model_versions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "model_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_model_endpoints_model_versions_PreviousModelVersionId",
                        column: x => x.PreviousModelVersionId,
                        principalTable: "model_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_image_embeddings_CatalogItemId",
                table: "image_embeddings",
                column: "CatalogItemId");

            migrationBuilder.CreateIndex(
                name: "IX_image_embeddings_ImageId",
                table: "image_embeddings",
                column: "ImageId");

            migrationBuilder.CreateIndex(
                name: "IX_image_embeddings_OwnerUserId_Model",
                table: "image_embeddings",
                columns: new[] { "OwnerUserId", "Model" });

            migrationBuilder.CreateIndex(
                name: "IX_image_embeddings_Source_ObjectKey_Model",
                table: "image_embeddings",
                columns: new[] { "Source", "ObjectKey", "Model" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_image_tags_ImageId_Label",
                table: "image_tags",
                columns: new[] { "ImageId", "Label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_image_tags_Label",
                table: "image_tags",
                column: "Label");

            migrationBuilder.CreateIndex(
                name: "IX_model_dataset_items_DatasetId_Label",
                table: "model_dataset_items",
                columns: new[] { "DatasetId", "Label" });

            migrationBuilder.CreateIndex(
                name: "IX_model_dataset_items_DatasetId_Source_ObjectKey",
                table: "model_dataset_items",
                columns: new[] { "DatasetId", "Source", "ObjectKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_dataset_versions_DatasetId_Version",
                table: "model_dataset_versions",
                columns: new[] { "DatasetId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_datasets_Name",
                table: "model_datasets",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_endpoints_ModelVersionId",
                table: "model_endpoints",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_model_endpoints_Name",
                table: "model_endpoints",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_endpoints_PreviousModelVersionId",
                table: "model_endpoints",
                column: "PreviousModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_model_training_jobs_DatasetVersionId",
                table: "model_training_jobs",
                column: "DatasetVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_model_training_jobs_ModelName_CreatedAt",
                table: "model_training_jobs",
                columns: new[] { "ModelName", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_model_training_jobs_Status_CreatedAt",
                table: "model_training_jobs",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_model_versions_DatasetVersionId",
                table: "model_versions",
                column: "DatasetVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_model_versions_ModelName_Version",
                table: "model_versions",
                columns: new[] { "ModelName", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_model_versions_TrainingJobId",
                table: "model_versions",
                column: "TrainingJobId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "image_embeddings");

            migrationBuilder.DropTable(
                name: "image_tags");

            migrationBuilder.DropTable(
                name: "image_training_consents");

            migrationBuilder.DropTable(
                name: "model_dataset_items");

            migrationBuilder.DropTable(
                name: "model_endpoints");

            migrationBuilder.DropTable(
                name: "model_training_jobs");

            migrationBuilder.DropTable(
                name: "model_versions");

            migrationBuilder.DropTable(
                name: "model_dataset_versions");

            migrationBuilder.DropTable(
                name: "model_datasets");
        }
    }
}
