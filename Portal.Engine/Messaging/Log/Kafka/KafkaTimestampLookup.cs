using Confluent.Kafka;
using KafkaPartition = Confluent.Kafka.TopicPartition;

namespace Portal.Engine.Messaging.Log.Kafka;

/// <summary>
/// The first offset at or after a time, per partition: the broker's ListOffsets by timestamp (Kafka's time index). Where
/// the broker answers "none" although the partition's last record is not older (librdkafka's mock cluster does not
/// implement the lookup), a binary search over the records' timestamps with a private reader finds it (about log2(records)
/// single-record reads). Where none is at or after the time, the partition's end as it was before the look-up.
/// </summary>
internal static class KafkaTimestampLookup
{
    public static Dictionary<KafkaPartition, Offset> Find(IConsumer<string, byte[]> consumer, KafkaOptions options,
        List<KafkaPartition> partitions, DateTimeOffset at, TimeSpan timeout)
    {
        if (partitions.Count == 0) return [];
        var marks = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, timeout));
        var time = at.ToUnixTimeMilliseconds();
        var found = consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(time, TimestampType.CreateTime))), timeout)
            .ToDictionary(p => p.TopicPartition, p => p.Offset);
        var doubtful = partitions.Where(p => found[p].Value < 0 && marks[p].High.Value > marks[p].Low.Value).ToList();
        if (doubtful.Count > 0)
        {
            using var reader = new ConsumerBuilder<string, byte[]>(
                KafkaClientConfig.Consumer(options, $"portal-lookup-{Guid.NewGuid():N}", AutoOffsetReset.Earliest)).Build();
            foreach (var partition in doubtful)
                found[partition] = Search(reader, partition, marks[partition].Low.Value, marks[partition].High.Value, time, timeout);
        }
        return partitions.ToDictionary(p => p, p => found[p].Value < 0 ? marks[p].High : found[p]);
    }

    /// <summary>The first offset in [low, high) whose record is at or after <paramref name="time"/> (ms), else -1.</summary>
    private static Offset Search(IConsumer<string, byte[]> reader, KafkaPartition partition, long low, long high, long time, TimeSpan timeout)
    {
        var last = Read(reader, partition, high - 1, timeout);
        if (last is null || last.Value.Timestamp < time) return Offset.Unset;
        var end = high;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            var record = Read(reader, partition, middle, timeout);
            if (record is null || record.Value.Timestamp >= time) high = middle;
            else low = record.Value.Offset + 1;
        }
        return low < end ? new Offset(low) : Offset.Unset;
    }

    private static (long Offset, long Timestamp)? Read(IConsumer<string, byte[]> reader, KafkaPartition partition, long offset, TimeSpan timeout)
    {
        reader.Assign(new TopicPartitionOffset(partition, offset));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = reader.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null && result.TopicPartition == partition && result.Offset.Value >= offset)
                return (result.Offset.Value, result.Message.Timestamp.UnixTimestampMs);
        }
        return null;
    }
}
