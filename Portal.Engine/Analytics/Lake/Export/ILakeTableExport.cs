namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>Exports one lake table in a run: reads what changed, writes new files, returns the table's partitions now.</summary>
public interface ILakeTableExport
{
    LakeTable Table { get; }

    Task<LakeManifestTable> ExportAsync(LakeExportContext context, CancellationToken cancellationToken);
}
