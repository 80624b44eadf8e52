using DeepSync.Errors;

namespace DeepSync.Fleet;

/// <summary>
/// What a valid node profile is. Names and callsigns are what people see in every channel, so they are
/// short, trimmed and free of control characters.
/// </summary>
public static class NodeProfileRules
{
    public const int NameMaxLength = 40;
    public const int CallsignMaxLength = 24;
    public const int RoleMaxLength = 80;
    public const int LocationMaxLength = 80;

    /// <summary>The profile every new user's first node gets.</summary>
    public static NodeProfile FirstNode { get; } = new("Alpha-1", "ALPHA-1", "General assistant", "Cloud");

    /// <summary>Returns the trimmed profile or throws <see cref="DeepSyncError.ValidationFailed"/> naming the field.</summary>
    public static NodeProfile Validate(NodeProfile? profile)
    {
        if (profile is null)
        {
            throw DeepSyncException.Validation("A node profile is required.");
        }

        var name = Required(profile.Name, "Name", NameMaxLength);
        var callsign = Required(profile.Callsign, "Callsign", CallsignMaxLength);
        if (!callsign.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw DeepSyncException.Validation("Callsign may contain only letters, digits, '-' and '_'.");
        }

        var role = Optional(profile.Role, "Role", RoleMaxLength);
        var location = Optional(profile.Location, "Location", LocationMaxLength);
        return new NodeProfile(name, callsign.ToUpperInvariant(), role, location);
    }

    private static string Required(string? value, string field, int max)
    {
        var trimmed = (value ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            throw DeepSyncException.Validation($"{field} is required.");
        }

        return Checked(trimmed, field, max);
    }

    private static string Optional(string? value, string field, int max) => Checked((value ?? string.Empty).Trim(), field, max);

    private static string Checked(string value, string field, int max)
    {
        if (value.Length > max)
        {
            throw DeepSyncException.Validation($"{field} must be at most {max} characters (got {value.Length}).");
        }

        if (value.Any(char.IsControl))
        {
            throw DeepSyncException.Validation($"{field} must not contain control characters.");
        }

        return value;
    }
}
