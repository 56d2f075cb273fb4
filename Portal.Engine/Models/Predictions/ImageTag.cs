namespace Portal.Engine.Models.Predictions;

/// <summary>
/// A label a deployed model gave a customer's image (table <c>image_tags</c>): the gallery's auto-tag chips, searchable.
/// Written by the worker for new images and again for every image when the endpoint's model version changes.
/// </summary>
public class ImageTag
{
    public long Id { get; set; }
    public Guid ImageId { get; set; }
    public required string Label { get; set; }
    public float Probability { get; set; }
    /// <summary>The endpoint and the model version that gave it.</summary>
    public required string Endpoint { get; set; }
    public int ModelVersionId { get; set; }
    public DateTime CreatedAt { get; set; }
}
