using DeepSync.Text;

namespace DeepSync.Web.Edge;

/// <summary>
/// Reads every form body once, up front, so a form the client got wrong is answered here with a clear
/// 4xx instead of failing later inside antiforgery, model binding or a page: a charset .NET cannot
/// decode (UTF-7, unknown names) is 415; more fields than the form limits allow (1,024) or too long a value is 413; a body the form
/// reader refuses (U+0000, for one) is 400. The form is cached
/// on the request, so nothing reads it twice.
/// </summary>
public static class FormChecks
{
    public const string WrongCharset = "The form must be sent as UTF-8 (charset={0} is not supported).";

    private static readonly System.Text.CompositeFormat WrongCharsetFormat = System.Text.CompositeFormat.Parse(WrongCharset);
    public const string TooLarge = "The form has too many fields or too long a value.";
    public const string Unreadable = "The form could not be read: it is not well-formed or contains characters forms cannot carry (such as U+0000).";

    public static IApplicationBuilder UseFormChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The node API takes JSON only, and its credential is checked before any body is read.
        if (!context.Request.HasFormContentType || context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? type.Charset.Value : null;
        if (charset is not null && !IsReadable(charset))
        {
            var shown = UserText.Scrub(charset.Length > 40 ? charset[..40] + "…" : charset);
            await Results.Problem(string.Format(System.Globalization.CultureInfo.InvariantCulture, WrongCharsetFormat, shown), statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(context);
            return;
        }

        try
        {
            await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }
        catch (InvalidDataException)
        {
            // The form reader refuses, among others, U+0000 in names and values.
            await Results.Problem(Unreadable, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await Results.Problem(ErrorMapping.ClientFault(ex.StatusCode), statusCode: ex.StatusCode).ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    /// <summary>Whether the form reader can decode <paramref name="charset"/>: UTF-8 and its subsets; never UTF-7, which .NET refuses.</summary>
    private static bool IsReadable(string charset)
    {
        try
        {
            return System.Text.Encoding.GetEncoding(charset.Trim('"')).CodePage != 65000;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
