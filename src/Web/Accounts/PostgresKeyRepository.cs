using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace DeepSync.Web.Accounts;

/// <summary>
/// Keeps the Data Protection key ring in PostgreSQL (<c>data_protection_keys</c>), so every web
/// instance shares one ring: a cookie issued by one instance is valid on the next, also after a
/// redeploy. Keys are only ever added; Data Protection retires them by expiry, not deletion.
/// </summary>
public sealed class PostgresKeyRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
