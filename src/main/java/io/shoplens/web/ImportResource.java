package io.shoplens.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.shoplens.common.ValidationException;
import io.shoplens.ingest.Exporter;
import io.shoplens.ingest.ImportOptions;
import io.shoplens.ingest.ImportReport;
import io.shoplens.ingest.Importer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** CSV in (raw body or multipart field {@code file}) and out. */
@Path("/")
@Tag(name = "Import and export")
public class ImportResource {

    @Inject
    Importer importer;
    @Inject
    Exporter exporter;
    @Inject
    BodyLimit limit;

    @Operation(summary = "Import orders from a CSV request body (admin)",
            description = "Online Retail II or a generic layout. Query parameters: format (online-retail, generic), delimiter (comma, semicolon, tab, whitespace, pipe), header (true/false), dateFormat (a pattern such as dd/MM/yyyy HH:mm), decimal (. or ,), skipInvalid (true/false), fileName, and column mappings customer, order, date, amount, quantity, price, country, product, productName, promo, discount naming the CSV column for each. All or nothing: the current dataset keeps serving unless the whole file is read.")
    @APIResponseSchema(value = ImportReport.class, responseDescription = "What was read, kept and skipped")
    @APIResponse(responseCode = "400",
            description = "The file or an option is invalid: errors list lines and columns (first 50); nothing changed",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    @APIResponse(responseCode = "401", ref = "unauthenticated")
    @APIResponse(responseCode = "403", ref = "writesDisabled")
    @APIResponse(responseCode = "409", ref = "busy")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @POST
    @Path("api/import")
    @AdminOnly
    @Consumes({ "text/csv", MediaType.APPLICATION_OCTET_STREAM })
    @Produces(MediaType.APPLICATION_JSON)
    public ImportReport importBody(InputStream body, @Context UriInfo uri) throws IOException {
        Map<String, String> params = params(uri);
        ImportOptions options = ImportOptions.parse(params, params.getOrDefault("fileName", "upload.csv"));
        // Received into a file first, as multipart uploads are: the body then arrives at network speed, so one over
        // the limit is refused when its last allowed byte arrives, not when the import (far slower) has read it.
        java.nio.file.Path spool = Files.createTempFile("shoplens-import-", ".csv");
        try {
            try (InputStream in = limit.limited(body)) {
                Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            }
            try (InputStream in = Files.newInputStream(spool)) {
                return importer.importCsv(in, options);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Operation(summary = "Import orders from a multipart upload, field file (admin)",
            description = "The same options as the raw-body import, as query parameters. Being a browser form shape, it needs the CSRF token of /data (form field csrf-token or header X-CSRF-TOKEN, with its cookie); scripts should send the raw body instead.")
    @APIResponseSchema(value = ImportReport.class, responseDescription = "What was read, kept and skipped")
    @APIResponse(responseCode = "400", description = "The file or an option is invalid, or the CSRF token is missing",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    @APIResponse(responseCode = "401", ref = "unauthenticated")
    @APIResponse(responseCode = "403", ref = "writesDisabled")
    @APIResponse(responseCode = "409", ref = "busy")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @POST
    @Path("api/import")
    @AdminOnly
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public ImportReport importForm(@RestForm("file") FileUpload file, @Context UriInfo uri) throws IOException {
        if (file == null) {
            throw new ValidationException("file", "attach the CSV as the multipart field 'file'");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return importer.importCsv(in, ImportOptions.parse(params(uri), file.fileName()));
        }
    }

    @Operation(summary = "Every order line of the served dataset as CSV",
            description = "The generic layout, which /api/import reads back into the same KPIs.")
    @APIResponse(responseCode = "200", description = "CSV with a header row",
            content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/orders.csv")
    @Produces("text/csv")
    public Response export() {
        StreamingOutput body = exporter::writeCsv;
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"orders.csv\"").build();
    }

    private static Map<String, String> params(UriInfo uri) {
        Map<String, String> params = new HashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            List<String> v = values;
            if (!v.isEmpty()) {
                params.put(name, v.get(0));
            }
        });
        return params;
    }
}
