namespace Portal.Engine.Analytics.Console;

/// <summary>A query a user keeps under a name of their own (1 to 80 characters, unique for them).</summary>
public class SavedQuery
{
    public const int MaxNameLength = 80;

    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Sql { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
