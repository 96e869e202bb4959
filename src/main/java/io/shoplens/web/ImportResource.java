package io.shoplens.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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

/** CSV in (raw body or multipart field {@code file}) and out. */
@Path("/")
public class ImportResource {

    @Inject
    Importer importer;
    @Inject
    Exporter exporter;

    @POST
    @Path("api/import")
    @AdminOnly
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM })
    @Produces(MediaType.APPLICATION_JSON)
    public ImportReport importBody(InputStream body, @Context UriInfo uri) {
        Map<String, String> params = params(uri);
        return importer.importCsv(body, ImportOptions.parse(params, params.getOrDefault("fileName", "upload.csv")));
    }

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
