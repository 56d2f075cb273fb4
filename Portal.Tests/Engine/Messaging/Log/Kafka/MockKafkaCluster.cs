using System.Reflection;
using System.Runtime.InteropServices;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

/// <summary>
/// A private librdkafka mock cluster inside the test process (the same native library Confluent.Kafka loads), for what
/// the shared peer must not do: take every broker down and bring it back. Brokers keep their ports and data meanwhile.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const string Library = "portal-test-librdkafka";
    private readonly IntPtr handle;
    private readonly IntPtr cluster;
    private readonly int brokers;

    static MockKafkaCluster() => NativeLibrary.SetDllImportResolver(typeof(MockKafkaCluster).Assembly, Resolve);

    public MockKafkaCluster(int brokers = 3)
    {
        this.brokers = brokers;
        var error = new byte[512];
        handle = rd_kafka_new(0, rd_kafka_conf_new(), error, (nuint)error.Length);
        if (handle == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_new: " + System.Text.Encoding.UTF8.GetString(error).TrimEnd('\0'));
        cluster = rd_kafka_mock_cluster_new(handle, brokers);
        if (cluster == IntPtr.Zero) throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))!;
    }

    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions)
    {
        var error = rd_kafka_mock_topic_create(cluster, topic, partitions, Math.Min(3, brokers));
        if (error != 0) throw new InvalidOperationException($"rd_kafka_mock_topic_create {topic}: error {error}");
    }

    /// <summary>Every broker closes its connections and refuses new ones.</summary>
    public void Down()
    {
        for (var id = 1; id <= brokers; id++) rd_kafka_mock_broker_set_down(cluster, id);
    }

    public void Up()
    {
        for (var id = 1; id <= brokers; id++) rd_kafka_mock_broker_set_up(cluster, id);
    }

    public void Dispose()
    {
        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(handle);
    }

    /// <summary>Confluent.Kafka's own choice: the default build, else (no libsasl2.so.3, as on Debian 12) centos8's.</summary>
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return IntPtr.Zero;
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
            if (NativeLibrary.TryLoad(Path.Combine(native, file), out var loaded)) return loaded;
        throw new DllNotFoundException($"no loadable librdkafka in {native}");
    }

    [DllImport(Library)] private static extern IntPtr rd_kafka_conf_new();
    [DllImport(Library)] private static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);
    [DllImport(Library)] private static extern void rd_kafka_destroy(IntPtr rk);
    [DllImport(Library)] private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);
    [DllImport(Library)] private static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);
    [DllImport(Library)] private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);
    [DllImport(Library)] private static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);
    [DllImport(Library)] private static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);
    [DllImport(Library)] private static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);
    [DllImport(Library, CharSet = CharSet.Ansi)]
    private static extern int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);
}
