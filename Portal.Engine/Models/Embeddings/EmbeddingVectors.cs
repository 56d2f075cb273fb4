using System.Runtime.InteropServices;

namespace Portal.Engine.Models.Embeddings;

/// <summary>How a vector is stored (little-endian float32s) and compared (cosine similarity).</summary>
public static class EmbeddingVectors
{
    public static byte[] Pack(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    public static float[] Unpack(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0) throw new InvalidDataException($"A stored vector of {bytes.Length} bytes is not a whole number of float32s.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>Cosine similarity in [-1, 1]; 0 when either vector is all zeros.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Vectors of {a.Length} and {b.Length} dimensions cannot be compared.");
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : (float)(dot / Math.Sqrt(normA * normB));
    }
}
