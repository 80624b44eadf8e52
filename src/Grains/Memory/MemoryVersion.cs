using System.Security.Cryptography;
using System.Text;

namespace DeepSync.Memory;

/// <summary>Versions of memory block values for optimistic concurrency: a short hash of the value.</summary>
public static class MemoryVersion
{
    public static string Of(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16].ToLowerInvariant();
}
