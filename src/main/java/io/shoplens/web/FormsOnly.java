package io.shoplens.web;

import java.util.Optional;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The CSRF filter checks the token of form posts only (the JSON and raw-CSV API calls carry none), so a page endpoint
 * that took another body, or none, would change data without a token: every POST outside /api must be a form.
 */
public class FormsOnly {
    static final String MESSAGE = "This address takes only the form of its ShopLens page (a form-encoded or multipart"
            + " body with its security token); nothing was changed.";

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireForm(ContainerRequestContext request) {
        if (!HttpMethod.POST.equals(request.getMethod()) || request.getUriInfo().getPath().startsWith("/api")
                || isForm(request.getMediaType())) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(ProblemMappers.Templates.error(new Page("Not a form", "", null), 415, MESSAGE).render())
                .build());
    }

    static boolean isForm(MediaType type) {
        return type != null && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
    }
}
