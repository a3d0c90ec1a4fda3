using EventBroker.Routing;
using EventBroker.Storage;

namespace EventBroker.Gateway.Admin;

/// <summary>
/// The admin HTTP API under <c>/api/</c> (JSON, documented at <c>/openapi/v1.json</c>) that the dashboard uses.
/// Every gateway answers every request from the shared stores, so any gateway's dashboard shows the whole cluster.
/// </summary>
public static class AdminApi
{
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<ClusterView>();
        services.AddSingleton<TopicView>();
        services.AddSingleton<QueueRates>();
        services.AddSingleton<GroupView>();
        services.AddSingleton<MessageView>();
        services.AddSingleton<OffsetReset>();
        services.AddSingleton<MessageResend>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        return services;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        // Malformed JSON or parameters: a problem+json that says which, instead of an empty 400.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), branch => branch.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                var detail = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail)
                    .ExecuteAsync(context).ConfigureAwait(false);
            }
        }));
        var api = app.MapGroup("/api")
            .AddEndpointFilter(async (invocation, next) =>
            {
                var access = invocation.HttpContext.RequestServices.GetRequiredService<AdminAccess>();
                if (access.Check(invocation.HttpContext) is { } refused)
                {
                    return refused;
                }
                try
                {
                    return await next(invocation).ConfigureAwait(false);
                }
                catch (RoutingUnavailableException ex)
                {
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Routing store unavailable",
                        detail: $"{ex.Message} — topics, groups and offsets cannot be read or changed until it is back; retry later.");
                }
                catch (StoreUnavailableException ex)
                {
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Message store unavailable",
                        detail: $"{ex.Message} — messages and offsets cannot be read until it is back; retry later.");
                }
            });
        ClusterEndpoints.Map(api);
        TopicEndpoints.Map(api);
        GroupEndpoints.Map(api);
        MessageEndpoints.Map(api);
        app.MapOpenApi();
        Dashboard.Map(app);
        return app;
    }

    /// <summary>A 400 whose body (problem+json) says what is wrong and how to fix it.</summary>
    internal static IResult Invalid(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    internal static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
