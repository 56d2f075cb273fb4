namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary>One stored message of the embedded log: its place is (topic, partition, offset), offsets dense per partition.</summary>
public class EventLogRecord
{
    public required string Topic { get; set; }
    public int Partition { get; set; }
    public long Offset { get; set; }
    public required string Key { get; set; }
    public required byte[] Value { get; set; }
    /// <summary>The headers as a JSON object of strings.</summary>
    public required string Headers { get; set; }
    /// <summary>When it was appended (UTC); retention prunes by it and AT_TIMESTAMP seeks by it.</summary>
    public DateTime Timestamp { get; set; }
}

/// <summary>
/// A partition's end: the offset its next record gets. Producers reserve offsets by raising it inside their transaction,
/// so its row lock (PostgreSQL) or the write lock (SQLite) orders concurrent appends and a rolled back append leaves no gap.
/// </summary>
public class EventLogPartition
{
    public required string Topic { get; set; }
    public int Partition { get; set; }
    public long NextOffset { get; set; }
}

/// <summary>A live member of a consumer group: it keeps its membership by heartbeats; one that stops is removed by the others.</summary>
public class EventLogMember
{
    public required string GroupId { get; set; }
    public required string MemberId { get; set; }
    /// <summary>The topics it reads, separated by newlines.</summary>
    public required string Topics { get; set; }
    public DateTime JoinedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
}

/// <summary>A group's hold on one partition: which member owns it now (null: free) and where the group committed.</summary>
public class EventLogGroupPartition
{
    public required string GroupId { get; set; }
    public required string Topic { get; set; }
    public int Partition { get; set; }
    public string? Owner { get; set; }
    public long? CommittedOffset { get; set; }
    public DateTime? CommittedAt { get; set; }
}
