using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace DeepSync.Web.Accounts;

/// <summary>
/// Makes a sign-in that checked no password (unknown address, no password, locked out) cost one
/// password verification anyway, against a hash of a random secret, so how long the answer takes does
/// not tell whether an address has an account.
/// </summary>
public sealed class EqualSignInWork(IPasswordHasher<DeepSyncUser> hasher)
{
    private static readonly DeepSyncUser Nobody = new() { Id = Guid.Empty };
    private static string? s_dummyHash;

    public void VerifyAgainstNothing(string password)
    {
        // Hashed once per process: hashing on every call would make unknown addresses cost twice as much.
        s_dummyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        hasher.VerifyHashedPassword(Nobody, s_dummyHash, password);
    }
}
