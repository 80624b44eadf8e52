namespace DeepSync.Tests.Support;

/// <summary>Polls until a condition holds, for behaviour that completes in the background (timers, reminders).</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var last = await read();
        while (!condition(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within the timeout; last value: {last}");
            }

            await Task.Delay(25);
            last = await read();
        }

        return last;
    }
}
