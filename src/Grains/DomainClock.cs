namespace DeepSync;

/// <summary>
/// The DI key of the <see cref="TimeProvider"/> grains read the time from. It is separate from the
/// unkeyed one Orleans itself uses, so tests can move the domain's clock (periods, strike windows)
/// without moving the runtime's.
/// </summary>
public static class DomainClock
{
    public const string Key = "deepsync-domain-clock";
}
