using DeepSync.Errors;
using DeepSync.Text;

namespace DeepSync.Fleet;

/// <summary>What a message must be before a node accepts it.</summary>
public static class NodeMessageRules
{
    /// <summary>
    /// Refuses what could never be stored or shown (control characters, U+0000 included, which the
    /// transcript cannot hold), so one message cannot block the queue behind it. The sender's name comes
    /// from the channel, not from our forms, so it is scrubbed rather than refused.
    /// </summary>
    public static NodeMessage Validate(NodeMessage? message)
    {
        if (message is null || string.IsNullOrWhiteSpace(message.Text))
        {
            throw DeepSyncException.Validation("A message needs text.");
        }

        UserText.Check(message.Text, "A message", TextShape.MultiLine, InputLimits.Message);
        if (string.IsNullOrWhiteSpace(message.IdempotencyKey) || UserText.Problem(message.IdempotencyKey, "key", TextShape.SingleLine, 200) is not null)
        {
            throw DeepSyncException.Validation("A message needs an idempotency key of at most 200 characters, without control characters.");
        }

        if (string.IsNullOrWhiteSpace(message.Channel) || UserText.Problem(message.Channel, "channel", TextShape.SingleLine, 32) is not null)
        {
            throw DeepSyncException.Validation("A message needs a channel name of at most 32 characters, without control characters.");
        }

        return message with { Sender = UserText.Scrub(message.Sender ?? string.Empty) };
    }
}
