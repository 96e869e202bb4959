package io.shoplens.web;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.shoplens.common.ValidationException.FieldError;

/** RFC 7807 problem documents for the JSON API. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    }

    static Response response(Response.Status status, String title, String detail) {
        return response(status, title, detail, List.of());
    }

    static Response response(Response.Status status, String title, String detail, List<FieldError> errors) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status.getStatusCode(), detail, errors)).build();
    }
}
