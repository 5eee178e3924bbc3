using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MonitoringStack.Api.Catalogue;

/// <summary><c>GET /data</c> and <c>GET /data/{id}</c>.</summary>
public static class CatalogueEndpoints
{
    public static IEndpointRouteBuilder MapCatalogueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/data", (CatalogueQuery query, ProductCatalogue catalogue) =>
            TypedResults.Ok(catalogue.Query(query)));

        // {id} without an :int constraint on purpose: "/data/abc" answers 400 naming "id" instead of
        // a 404 that hides the mistake. The route template stays "/data/{id}" for every id.
        app.MapGet("/data/{id}", Results<Ok<CatalogueItem>, ProblemHttpResult> (
                [Range(1, int.MaxValue)] int id, ProductCatalogue catalogue) =>
            catalogue.Find(id) is { } item
                ? TypedResults.Ok(item)
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Item not found",
                    detail: $"No catalogue item has id {id} (ids are 1..{ProductCatalogue.ItemCount})."));
        return app;
    }
}
