package io.shoplens.web;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


import io.shoplens.common.ConflictException;
import io.shoplens.common.ValidationException;

/** Turns failures into problem JSON that says what was wrong, without stack traces or internal messages. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return Problems.response(Response.Status.BAD_REQUEST, "Invalid request", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problems.response(Response.Status.CONFLICT, "Busy", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problems.response(Response.Status.NOT_FOUND, "Not found", e.getMessage());
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse();
        }
        LOG.error("Request failed", e);
        return Problems.response(Response.Status.INTERNAL_SERVER_ERROR, "Internal error",
                "The server could not answer; the details are in its log.");
    }
}
