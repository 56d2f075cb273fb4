using System.Text;

namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary>The partition of a key: FNV-1a of its UTF-8 bytes modulo the partition count, the same in every process and release.</summary>
public static class KeyPartitioner
{
    public static int PartitionOf(string key, int partitions)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
            hash = (hash ^ b) * 16777619u;
        return (int)(hash % (uint)partitions);
    }
}
