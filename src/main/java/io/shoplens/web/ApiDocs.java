package io.shoplens.web;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The API's description for /q/openapi, with the error answers every /api endpoint shares, described once and referred
 * to by name. (SmallRye OpenAPI reads this definition from the JAX-RS application class.)
 */
@OpenAPIDefinition(info = @Info(title = "ShopLens API", version = "1.0"), components = @Components(responses = {
        @APIResponse(name = "invalid", description = "A parameter or the body is invalid; errors name each field",
                content = @Content(mediaType = Problems.MEDIA_TYPE,
                        schema = @Schema(implementation = Problems.Problem.class))),
        @APIResponse(name = "unauthenticated", description = "Admin login (HTTP Basic, user admin) missing or wrong",
                content = @Content(mediaType = Problems.MEDIA_TYPE,
                        schema = @Schema(implementation = Problems.Problem.class))),
        @APIResponse(name = "writesDisabled", description = "No admin password is configured: writing is disabled",
                content = @Content(mediaType = Problems.MEDIA_TYPE,
                        schema = @Schema(implementation = Problems.Problem.class))),
        @APIResponse(name = "busy", description = "A dataset job is already running",
                content = @Content(mediaType = Problems.MEDIA_TYPE,
                        schema = @Schema(implementation = Problems.Problem.class))),
        @APIResponse(name = "unavailable", description = "MongoDB cannot be reached; retry later",
                content = @Content(mediaType = Problems.MEDIA_TYPE,
                        schema = @Schema(implementation = Problems.Problem.class))) }))
public class ApiDocs extends Application {
}
