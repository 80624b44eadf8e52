namespace DeepSync.Text;

/// <summary>Whether a text field is one line (names, callsigns) or free text (messages, memory, reasons).</summary>
public enum TextShape
{
    /// <summary>One line: no line breaks, no tabs, no bidirectional formatting characters.</summary>
    SingleLine,

    /// <summary>Free text: line breaks and tabs allowed; other control characters are not.</summary>
    MultiLine,
}
