namespace Portal.Engine.Models.Consent;

/// <summary>
/// A customer's choice, in their image settings, whether their images may be used to train models (table
/// <c>image_training_consents</c>). No row means no: it is off by default, and an image whose owner has not allowed it
/// never enters a dataset version.
/// </summary>
public class ImageTrainingConsent
{
    public required string UserId { get; set; }
    public bool AllowTraining { get; set; }
    public DateTime UpdatedAt { get; set; }
}
