using DeepSync.Errors;
using DeepSync.Text;

namespace DeepSync.Fleet;

/// <summary>
/// What a valid node profile is. Names and callsigns are what people see in every channel, so they are
/// short, trimmed, one line and free of control and bidirectional formatting characters (a name must
/// read as what it is). The limits live in <see cref="InputLimits"/>; these names stay for the forms.
/// </summary>
public static class NodeProfileRules
{
    public const int NameMaxLength = InputLimits.NodeName;
    public const int CallsignMaxLength = InputLimits.Callsign;
    public const int RoleMaxLength = InputLimits.Role;
    public const int LocationMaxLength = InputLimits.Location;

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

        var role = UserText.Check(profile.Role, "Role", TextShape.SingleLine, RoleMaxLength);
        var location = UserText.Check(profile.Location, "Location", TextShape.SingleLine, LocationMaxLength);
        return new NodeProfile(name, callsign.ToUpperInvariant(), role, location);
    }

    private static string Required(string? value, string field, int max)
    {
        var text = UserText.Check(value, field, TextShape.SingleLine, max);
        return text.Length > 0 ? text : throw DeepSyncException.Validation($"{field} is required.");
    }
}
