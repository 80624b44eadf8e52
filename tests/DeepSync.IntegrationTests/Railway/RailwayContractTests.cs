using System.Text.Json;
using DeepSync.Silo.Hosting.Railway;

namespace DeepSync.Tests.Railway;

/// <summary>The documents the adapter sends are valid against Railway's real schema (graphql-js decides).</summary>
public sealed class RailwayContractTests
{
    [Fact]
    public async Task Every_document_the_adapter_defines_is_valid_against_Railways_schema()
    {
        var documents = GraphQLContract.AdapterDocuments;

        // Each operation the node host port names has its document.
        Assert.Equal(
            [
                nameof(RailwayDocuments.Deployment), nameof(RailwayDocuments.DeploymentStop), nameof(RailwayDocuments.ProjectServices),
                nameof(RailwayDocuments.ServiceCreate), nameof(RailwayDocuments.ServiceDelete), nameof(RailwayDocuments.ServiceInstanceDeployV2),
                nameof(RailwayDocuments.ServiceInstanceUpdate), nameof(RailwayDocuments.VariableCollectionUpsert),
            ],
            documents.Select(d => d.Name).Order());
        await GraphQLContract.AssertValidAsync(documents);
    }

    [Fact]
    public async Task The_contract_check_rejects_a_misspelt_field_a_wrong_argument_and_a_wrong_input_shape()
    {
        // Proves the check has teeth: each of these mistakes is one the adapter could make.
        var results = await GraphQLContract.ValidateAsync(
        [
            new("field", "query Deployment($id: String!) { deployment(id: $id) { id state } }", "Deployment"),
            new("argument", "mutation ServiceDelete($id: String!) { serviceDelete(serviceId: $id) }", "ServiceDelete"),
            new("input", RailwayDocuments.ServiceCreate, "ServiceCreate", JsonDocument.Parse("""{ "input": { "projectId": "p", "sorce": { "image": "x" } } }""").RootElement),
            new("operation name", RailwayDocuments.Deployment, "GetDeployment"),
        ]);

        Assert.Contains(results["field"], e => e.Contains("Cannot query field \"state\" on type \"Deployment\"", StringComparison.Ordinal));
        Assert.Contains(results["argument"], e => e.Contains("Unknown argument \"serviceId\"", StringComparison.Ordinal));
        Assert.Contains(results["input"], e => e.Contains("unknown field \"sorce\"", StringComparison.Ordinal));
        Assert.Contains(results["operation name"], e => e.Contains("GetDeployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_request_of_a_node_lifecycle_is_valid_with_the_variables_it_carried()
    {
        await using var fake = await FakeRailway.StartAsync();
        fake.PhaseDuration = TimeSpan.FromMilliseconds(20);
        await using var railway = RailwayTestHost.Create(fake);
        var host = railway.Host;

        var serviceId = await host.CreateServiceAsync(Guid.NewGuid(), "node-contract");
        await host.SetVariablesAsync(serviceId, new Dictionary<string, string> { ["NODE_ID"] = "n-1", ["LETTA_API_KEY"] = "not-a-real-key" });
        var deploymentId = await host.DeployAsync(serviceId);
        await railway.PollAsync(deploymentId, s => s.PlatformStatus == "SUCCESS");
        await host.SetReplicasAsync(serviceId, 0);
        await host.SetReplicasAsync(serviceId, 1);
        await host.StopDeploymentAsync(deploymentId);
        await host.DeleteServiceAsync(serviceId);

        Assert.Equal(
            ["project", "serviceCreate", "variableCollectionUpsert", "serviceInstanceDeployV2", "deployment", "serviceInstanceUpdate", "deploymentStop", "serviceDelete"],
            fake.Received.Select(r => r.RootField).Distinct());
        await GraphQLContract.AssertReceivedValidAsync(fake);
    }
}
