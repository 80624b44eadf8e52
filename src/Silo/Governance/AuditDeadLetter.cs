using System.Globalization;
using System.Text;
using DeepSync.Governance;
using DeepSync.Text;

namespace DeepSync.Silo.Governance;

/// <summary>
/// What makes a ledger entry impossible to store as written, and the forms it is stored in instead:
/// PostgreSQL's text refuses U+0000, its jsonb refuses <c>\u0000</c> and lone surrogates, and a lone
/// surrogate cannot even be encoded as UTF-8.
/// </summary>
public static class AuditDeadLetter
{
    /// <summary>Why the entry cannot be stored as written, or null when it can.</summary>
    public static string? Problem(AuditEntry entry)
    {
        foreach (var (field, value) in Texts(entry))
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (c == '\0')
                {
                    return $"{field} contains U+0000 at position {i + 1}.";
                }
                else if (char.IsSurrogate(c))
                {
                    return $"{field} contains a lone surrogate at position {i + 1}.";
                }
            }
        }

        return null;
    }

    /// <summary>The entry with every text scrubbed (<see cref="UserText.Scrub"/>), which the ledger accepts.</summary>
    public static AuditEntry Scrubbed(AuditEntry entry)
    {
        var details = new Dictionary<string, string>();
        foreach (var (key, value) in entry.Details)
        {
            details[UserText.Scrub(key)] = UserText.Scrub(value);
        }

        details["dead_letter"] = "the original is kept in audit_dead_letters";
        return entry with
        {
            Action = UserText.Scrub(entry.Action),
            Initiator = entry.Initiator with { Id = UserText.Scrub(entry.Initiator.Id), DisplayName = UserText.Scrub(entry.Initiator.DisplayName) },
            Details = details,
        };
    }

    /// <summary>
    /// The entry as JSON in plain ASCII: every other character, lone surrogates included, is written as a
    /// <c>\uXXXX</c> escape, so the text stores anywhere and decodes to exactly the original.
    /// </summary>
    public static string Payload(AuditEntry entry)
    {
        var json = new StringBuilder();
        json.Append("{\"entry_id\":\"").Append(entry.EntryId).Append('"');
        json.Append(",\"occurred_at\":\"").Append(entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)).Append('"');
        json.Append(",\"action\":");
        Quote(json, entry.Action);
        json.Append(",\"initiator\":{\"kind\":\"").Append(entry.Initiator.Kind).Append("\",\"id\":");
        Quote(json, entry.Initiator.Id);
        json.Append(",\"name\":");
        Quote(json, entry.Initiator.DisplayName);
        json.Append("},\"node_id\":").Append(entry.NodeId is { } node ? $"\"{node}\"" : "null");
        json.Append(",\"user_id\":").Append(entry.UserId is { } user ? $"\"{user}\"" : "null");
        json.Append(",\"details\":{");
        var first = true;
        foreach (var (key, value) in entry.Details)
        {
            json.Append(first ? string.Empty : ",");
            first = false;
            Quote(json, key);
            json.Append(':');
            Quote(json, value);
        }

        return json.Append("}}").ToString();
    }

    private static void Quote(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            if (c is >= ' ' and <= '~' && c is not '"' and not '\\')
            {
                json.Append(c);
            }
            else
            {
                json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        json.Append('"');
    }

    private static IEnumerable<(string Field, string Value)> Texts(AuditEntry entry)
    {
        yield return ("action", entry.Action);
        yield return ("initiator id", entry.Initiator.Id);
        yield return ("initiator name", entry.Initiator.DisplayName);
        foreach (var (key, value) in entry.Details)
        {
            yield return ("a detail's name", key);
            yield return ($"detail '{UserText.Scrub(key)}'", value);
        }
    }
}
