package io.shoplens.web;

import java.util.List;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The CSRF filter refuses a form without a valid token with an empty 400; this says why, on the error page for
 * forms and as problem JSON for the API, so that a user with an expired page knows to reload it.
 */
public class CsrfFailures {
    static final String MESSAGE = "The form's security token is missing or expired (or the form did not come from"
            + " ShopLens). Reload the page and submit it again; nothing was changed.";

    @ServerResponseFilter
    public void explain(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 400 || response.hasEntity() || !HttpMethod.POST.equals(request.getMethod())
                || !FormsOnly.isForm(request.getMediaType())) {
            return;
        }
        if (request.getUriInfo().getPath().startsWith("/api")) {
            response.setEntity(new Problems.Problem("about:blank", "Invalid CSRF token", 400, MESSAGE,
                    List.of()), null, MediaType.valueOf(Problems.MEDIA_TYPE));
        } else {
            response.setEntity(ProblemMappers.Templates.error(new Page("Form expired", "", null), 400, MESSAGE)
                    .render(), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        }
    }
}
