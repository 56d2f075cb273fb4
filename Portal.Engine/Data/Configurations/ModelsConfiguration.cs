using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Identity;
using Portal.Engine.Models.Consent;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Predictions;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Training;

namespace Portal.Engine.Data.Configurations;

internal sealed class ImageEmbeddingConfiguration : IEntityTypeConfiguration<ImageEmbedding>
{
    public void Configure(EntityTypeBuilder<ImageEmbedding> e)
    {
        e.ToTable("image_embeddings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.Source, x.ObjectKey, x.Model }).IsUnique();
        e.HasIndex(x => x.ImageId);
        e.HasIndex(x => x.CatalogItemId);
        e.HasIndex(x => new { x.OwnerUserId, x.Model });
        e.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ObjectKey).HasMaxLength(1024);
        e.Property(x => x.OwnerUserId).HasMaxLength(450);
        e.Property(x => x.Model).HasMaxLength(64);
    }
}

internal sealed class ImageTrainingConsentConfiguration : IEntityTypeConfiguration<ImageTrainingConsent>
{
    public void Configure(EntityTypeBuilder<ImageTrainingConsent> e)
    {
        e.ToTable("image_training_consents");
        e.HasKey(x => x.UserId);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.UserId).HasMaxLength(450);
    }
}

internal sealed class ModelDatasetConfiguration : IEntityTypeConfiguration<ModelDataset>
{
    public void Configure(EntityTypeBuilder<ModelDataset> e)
    {
        e.ToTable("model_datasets");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.Name).IsUnique();
        e.Property(x => x.Name).HasMaxLength(ModelDataset.MaxNameLength);
        e.Property(x => x.Description).HasMaxLength(2000);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
        e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetItemConfiguration : IEntityTypeConfiguration<DatasetItem>
{
    public void Configure(EntityTypeBuilder<DatasetItem> e)
    {
        e.ToTable("model_dataset_items");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.DatasetId, x.Source, x.ObjectKey }).IsUnique();
        e.HasIndex(x => new { x.DatasetId, x.Label });
        e.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ObjectKey).HasMaxLength(1024);
        e.Property(x => x.OwnerUserId).HasMaxLength(450);
        e.Property(x => x.Label).HasMaxLength(128);
        e.Property(x => x.LabelledBy).HasMaxLength(256);
    }
}

internal sealed class DatasetVersionConfiguration : IEntityTypeConfiguration<DatasetVersion>
{
    public void Configure(EntityTypeBuilder<DatasetVersion> e)
    {
        e.ToTable("model_dataset_versions");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.DatasetId, x.Version }).IsUnique();
        e.HasOne<ModelDataset>().WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.ManifestSha256).HasMaxLength(64);
        e.Property(x => x.EmbeddingModel).HasMaxLength(64);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class TrainingJobConfiguration : IEntityTypeConfiguration<TrainingJob>
{
    public void Configure(EntityTypeBuilder<TrainingJob> e)
    {
        e.ToTable("model_training_jobs");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.Status, x.CreatedAt });
        e.HasIndex(x => new { x.ModelName, x.CreatedAt });
        e.HasOne<DatasetVersion>().WithMany().HasForeignKey(x => x.DatasetVersionId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.ModelName).HasMaxLength(TrainingJob.MaxModelNameLength);
        e.Property(x => x.Trainer).HasMaxLength(64);
        e.Property(x => x.HyperparametersJson).HasMaxLength(4000);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Stage).HasMaxLength(200);
        e.Property(x => x.Error).HasMaxLength(4000);
        e.Property(x => x.LeaseOwner).HasMaxLength(200);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> e)
    {
        e.ToTable("model_versions");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.ModelName, x.Version }).IsUnique();
        e.HasIndex(x => x.TrainingJobId).IsUnique();
        e.HasOne<DatasetVersion>().WithMany().HasForeignKey(x => x.DatasetVersionId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.ModelName).HasMaxLength(TrainingJob.MaxModelNameLength);
        e.Property(x => x.Trainer).HasMaxLength(64);
        e.Property(x => x.EmbeddingModel).HasMaxLength(64);
    }
}

internal sealed class ModelEndpointConfiguration : IEntityTypeConfiguration<ModelEndpoint>
{
    public void Configure(EntityTypeBuilder<ModelEndpoint> e)
    {
        e.ToTable("model_endpoints");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.Name).IsUnique();
        e.HasOne<ModelVersion>().WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ModelVersion>().WithMany().HasForeignKey(x => x.PreviousModelVersionId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Name).HasMaxLength(ModelEndpoint.MaxNameLength);
        e.Property(x => x.Revision).IsConcurrencyToken();
        e.Property(x => x.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class ImageTagConfiguration : IEntityTypeConfiguration<ImageTag>
{
    public void Configure(EntityTypeBuilder<ImageTag> e)
    {
        e.ToTable("image_tags");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.ImageId, x.Label }).IsUnique();
        e.HasIndex(x => x.Label);
        e.HasOne<Images.ImageAsset>().WithMany().HasForeignKey(x => x.ImageId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Label).HasMaxLength(128);
        e.Property(x => x.Endpoint).HasMaxLength(ModelEndpoint.MaxNameLength);
    }
}
