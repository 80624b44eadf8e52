namespace DeepSync.Web.Components.Layout;

/// <summary>The dashboard's palette for both themes, shared by the interactive and the account layouts.</summary>
public static class DeepSyncTheme
{
    public static MudBlazor.MudTheme Theme { get; } = new()
    {
        PaletteLight = new MudBlazor.PaletteLight
        {
            Primary = "#1f5fbf",
            Secondary = "#00897b",
            AppbarBackground = "#14213d",
        },
        PaletteDark = new MudBlazor.PaletteDark
        {
            Primary = "#7aa7ff",
            Secondary = "#4db6ac",
            AppbarBackground = "#0b1020",
        },
    };
}
