namespace Portal.Engine.Data;

/// <summary>
/// A committed change PostgreSQL announced on <see cref="DatabaseChangeListener.Channel"/>: the table it
/// concerns and the key of the changed row in it (the owning order for an order line), or <see cref="Everything"/>
/// when the table was truncated.
/// </summary>
public readonly record struct DatabaseChange(string Table, string Key)
{
    public const string Everything = "*";

    public bool IsEverything => Key == Everything;

    /// <summary>Reads a payload <c>table:key</c>; null for anything else.</summary>
    public static DatabaseChange? Parse(string payload)
    {
        var colon = payload.IndexOf(':');
        return colon > 0 && colon < payload.Length - 1 ? new DatabaseChange(payload[..colon], payload[(colon + 1)..]) : null;
    }
}

/// <summary>Something that keeps copies of database rows and must hear when they change.</summary>
public interface IDatabaseChangeSubscriber
{
    /// <summary>Listening (re)started: changes made before it were not heard, so copies made before may be stale.</summary>
    void Listening();

    /// <summary>Listening stopped: changes from now on go unheard until <see cref="Listening"/>.</summary>
    void NotListening();

    void Changed(DatabaseChange change);
}
