namespace DeepSync.Silo.Hosting.Railway;

/// <summary>
/// Every GraphQL document DeepSync sends to Railway, in one place so contract tests can check each one against
/// Railway's schema. Each operation is named after its constant, which is also sent as <c>operationName</c>.
/// </summary>
public static class RailwayDocuments
{
    /// <summary>The project's services (one page), to find a node's service by name before creating it.</summary>
    public const string ProjectServices = """
        query ProjectServices($projectId: String!, $after: String) {
          project(id: $projectId) {
            services(first: 100, after: $after) {
              edges { node { id name deletedAt } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
        """;

    /// <summary>Creates a service from an image.</summary>
    public const string ServiceCreate = """
        mutation ServiceCreate($input: ServiceCreateInput!) {
          serviceCreate(input: $input) { id name }
        }
        """;

    /// <summary>Upserts a service's variables in one environment.</summary>
    public const string VariableCollectionUpsert = """
        mutation VariableCollectionUpsert($input: VariableCollectionUpsertInput!) {
          variableCollectionUpsert(input: $input)
        }
        """;

    /// <summary>Deploys a service instance; answers the new deployment's id.</summary>
    public const string ServiceInstanceDeployV2 = """
        mutation ServiceInstanceDeployV2($serviceId: String!, $environmentId: String!) {
          serviceInstanceDeployV2(serviceId: $serviceId, environmentId: $environmentId)
        }
        """;

    /// <summary>A deployment's status.</summary>
    public const string Deployment = """
        query Deployment($id: String!) {
          deployment(id: $id) { id status }
        }
        """;

    /// <summary>Stops a deployment.</summary>
    public const string DeploymentStop = """
        mutation DeploymentStop($id: String!) {
          deploymentStop(id: $id)
        }
        """;

    /// <summary>Updates a service instance's settings (DeepSync changes only the replica count).</summary>
    public const string ServiceInstanceUpdate = """
        mutation ServiceInstanceUpdate($serviceId: String!, $environmentId: String, $input: ServiceInstanceUpdateInput!) {
          serviceInstanceUpdate(serviceId: $serviceId, environmentId: $environmentId, input: $input)
        }
        """;

    /// <summary>Deletes a service with its deployments.</summary>
    public const string ServiceDelete = """
        mutation ServiceDelete($id: String!) {
          serviceDelete(id: $id)
        }
        """;
}
