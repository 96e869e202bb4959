package io.shoplens.web;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerRequest;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


import io.shoplens.common.BusyException;
import io.shoplens.common.ConflictException;
import io.shoplens.frame.Frames;
import io.shoplens.common.ValidationException;
import io.shoplens.common.ValidationException.FieldError;
import io.shoplens.ingest.ImportRejectedException;
import io.shoplens.ingest.ImportReport;

/** Turns failures into problem JSON that says what was wrong, without stack traces or internal messages. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int RETRY_AFTER_SECONDS = 10;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(Page page, int status, String message);
    }

    @Inject
    Pages pages;

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return Problems.response(Response.Status.BAD_REQUEST, "Invalid request", e.getMessage(), e.errors());
    }

    /** The body went over the limit while it was read: the client is still sending, so the connection is closed. */
    @ServerExceptionMapper
    public Response bodyTooLarge(BodyLimit.BodyTooLargeException e, HttpServerRequest request) {
        request.response().endHandler(v -> request.connection().close());
        return Response.fromResponse(Problems.response(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "Request body too large", e.errors().get(0).message(), e.errors()))
                .header("Connection", "close").build();
    }

    /** A refused import: the problem lists the bad lines, and the report says what was read. */
    @ServerExceptionMapper
    public Response importRejected(ImportRejectedException e) {
        ImportReport report = e.report();
        return Response.status(Response.Status.BAD_REQUEST).type(Problems.MEDIA_TYPE)
                .entity(new RejectedImport("about:blank", "Import refused", 400, e.getMessage(), e.errors(),
                        report.errorCount(), report))
                .build();
    }

    record RejectedImport(String type, String title, int status, String detail, List<FieldError> errors,
            long errorCount, ImportReport report) {
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problems.response(Response.Status.CONFLICT, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        if (isApi(uri)) {
            return Problems.response(Response.Status.NOT_FOUND, "Not found", e.getMessage());
        }
        String message = e.getMessage() != null && e.getMessage().startsWith("No ") ? e.getMessage()
                : "There is no page at " + uri.getPath() + ".";
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML)
                .entity(Templates.error(pages.page("Not found", ""), 404, message)).build();
    }

    /** Too many costly computations at once: 503 with Retry-After, inside the layout for pages. */
    @ServerExceptionMapper
    public Response busy(BusyException e, UriInfo uri) {
        return unavailable(uri, "Busy", e.getMessage(), 1, () -> pages.page("Busy", ""));
    }

    /** No analysis frame yet (start-up, or a dataset too large): 503 with Retry-After and the reason. */
    @ServerExceptionMapper
    public Response analysisUnavailable(Frames.AnalysisUnavailableException e, UriInfo uri) {
        return unavailable(uri, "Analysis not ready", e.getMessage(), 2, () -> pages.page("Analysis not ready", ""));
    }

    /** A generation or import cut off by the shutdown (logged at INFO by the job): 503, the previous data kept. */
    @ServerExceptionMapper
    public Response jobStopped(io.shoplens.store.JobStoppedException e, UriInfo uri) {
        String what = e.getMessage();
        return unavailable(uri, "Stopped", Character.toUpperCase(what.charAt(0)) + what.substring(1)
                + ". Nothing was changed: send it again.",
                RETRY_AFTER_SECONDS, () -> new Page("Stopped", "", null));
    }

    /**
     * MongoDB unreachable: 503 with Retry-After, since the driver reconnects by itself once the database is back
     * and the next request succeeds without a restart.
     */
    private Response databaseDown(RuntimeException e, UriInfo uri) {
        LOG.warnf("MongoDB unreachable (%s): answering 503", e.getClass().getSimpleName());
        // The page cannot read the dataset badge either: a layout without it.
        return unavailable(uri, "Database unavailable", "The database cannot be reached right now. ShopLens"
                + " reconnects by itself as soon as it is back; try again in a moment.", RETRY_AFTER_SECONDS,
                () -> new Page("Database unavailable", "", null));
    }

    /** 503 with Retry-After: problem JSON for the API, the error page in the layout for pages. */
    private static Response unavailable(UriInfo uri, String title, String message, int retryAfterSeconds,
            java.util.function.Supplier<Page> page) {
        Response.ResponseBuilder response = isApi(uri)
                ? Response.fromResponse(Problems.response(Response.Status.SERVICE_UNAVAILABLE, title, message))
                : Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.TEXT_HTML)
                        .entity(Templates.error(page.get(), 503, message));
        return response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).build();
    }

    static boolean isDatabaseDown(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isApi(UriInfo uri) {
        return uri.getPath().startsWith("/api");
    }

    /**
     * A body whose form or multipart encoding is broken ("%zz=1", a multipart upload cut off before its closing
     * boundary): RESTEasy Reactive's parsers throw a plain IllegalArgumentException or IOException, which was a 500
     * (the latter Quarkus's own plain-text page). Told apart from other failures by the parser's frames.
     */
    static boolean isMalformedBody(Throwable e) {
        return (e instanceof IllegalArgumentException || e instanceof java.io.IOException)
                && java.util.Arrays.stream(e.getStackTrace()).anyMatch(
                        frame -> frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart."));
    }

    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e, UriInfo uri) {
        if (isMalformedBody(e)) {
            return malformedBody(e, uri);
        }
        LOG.error("Request failed", e);
        return internalError(uri);
    }

    private Response malformedBody(Exception e, UriInfo uri) {
        String message = "The request body could not be read as a form or a file upload (" + e.getMessage()
                + "); nothing was changed.";
        if (isApi(uri)) {
            return Problems.response(Response.Status.BAD_REQUEST, "Invalid request", message);
        }
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML)
                .entity(Templates.error(pages.page("Invalid request", ""), 400, message)).build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse();
        }
        if (isDatabaseDown(e)) {
            return databaseDown(e, uri);
        }
        if (isMalformedBody(e)) {
            return malformedBody(e, uri);
        }
        LOG.error("Request failed", e);
        return internalError(uri);
    }

    private static Response internalError(UriInfo uri) {
        String message = "The server could not answer; the details are in its log.";
        if (isApi(uri)) {
            return Problems.response(Response.Status.INTERNAL_SERVER_ERROR, "Internal error", message);
        }
        return Response.status(Response.Status.INTERNAL_SERVER_ERROR).type(MediaType.TEXT_HTML)
                .entity(Templates.error(new Page("Error", "", null), 500, message)).build();
    }
}
