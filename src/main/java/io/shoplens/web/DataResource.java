package io.shoplens.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.shoplens.common.ConflictException;
import io.shoplens.common.ValidationException;
import io.shoplens.ingest.ImportOptions;
import io.shoplens.ingest.ImportRejectedException;
import io.shoplens.ingest.Importer;
import io.shoplens.simulate.DatasetGenerator;
import io.shoplens.simulate.LiveSimulation;
import io.shoplens.simulate.GenerationRequest;
import io.shoplens.simulate.Preset;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dataset page: what is served, a job's progress, the last failure, and the form to generate a new shop. */
@Path("/data")
public class DataResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance data(Page page, List<Preset> presets, List<String> errors,
                LiveSimulation.Status live);
    }

    @Inject
    Pages pages;
    @Inject
    DatasetGenerator generator;
    @Inject
    Importer importer;
    @Inject
    LiveSimulation live;

    @Operation(hidden = true)
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.data(pages.page("Data", "data"), List.of(Preset.values()), List.of(), live.status());
    }

    /** The live shop's control: start (or re-speed) and stop. */
    @Operation(hidden = true)
    @POST
    @Path("live")
    @AdminOnly
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response live(@FormParam("action") String action, @FormParam("speed") String speed) throws IOException {
        return backToData(() -> {
            if ("stop".equals(action)) {
                live.stop(null);
            } else {
                double daysPerSecond;
                try {
                    daysPerSecond = Double.parseDouble(speed == null ? "" : speed.trim());
                } catch (NumberFormatException e) {
                    throw new ValidationException("speed", "a number of simulated days per real second is required");
                }
                live.start(daysPerSecond);
            }
        });
    }

    @Operation(hidden = true)
    @POST
    @Path("generate")
    @AdminOnly
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response generate(@FormParam("preset") String preset, @FormParam("seed") String seed,
            @FormParam("customers") String customers, @FormParam("products") String products,
            @FormParam("orders") String orders, @FormParam("days") String days, @FormParam("asOf") String asOf)
            throws IOException {
        return backToData(() -> {
            GenerationRequest request = new GenerationRequest(blankToNull(preset),
                    Params.optionalInt("customers", customers), Params.optionalInt("products", products),
                    Params.optionalLong("orders", orders), Params.optionalLong("seed", seed),
                    Params.optionalInt("days", days), blankToNull(asOf));
            generator.start(generator.settings(request));
        });
    }

    /** The upload form: same importer as the API, then back to the page with the outcome. */
    @Operation(hidden = true)
    @POST
    @Path("import")
    @AdminOnly
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response importFile(@RestForm("file") FileUpload file, @RestForm("format") String format,
            @RestForm("delimiter") String delimiter, @RestForm("dateFormat") String dateFormat,
            @RestForm("decimal") String decimal, @RestForm("skipInvalid") String skipInvalid,
            @RestForm("returns") String returns, @RestForm("mode") String mode) throws IOException {
        return backToData(() -> {
            if (file == null || file.size() == 0) {
                throw new ValidationException("file", "choose a CSV file to import");
            }
            Map<String, String> params = new HashMap<>();
            params.put("format", format);
            params.put("delimiter", delimiter);
            params.put("dateFormat", dateFormat);
            params.put("decimal", decimal);
            params.put("skipInvalid", skipInvalid == null ? "false" : "true");
            params.put("returns", returns);
            params.put("mode", mode);
            try (InputStream in = Files.newInputStream(file.uploadedFile())) {
                importer.importCsv(in, ImportOptions.parse(params, file.fileName()));
            }
        });
    }

    /** Runs a form's action, then back to the page; or the page again with why it was refused (nothing changed). */
    private Response backToData(FormAction action) throws IOException {
        try {
            action.run();
            return Response.seeOther(URI.create("/data")).build();
        } catch (ImportRejectedException e) {
            List<String> lines = new java.util.ArrayList<>();
            lines.add(e.getMessage());
            e.errors().forEach(error -> lines.add(error.toString()));
            return withErrors(Response.Status.BAD_REQUEST, lines);
        } catch (ValidationException e) {
            return withErrors(Response.Status.BAD_REQUEST, e.errors().stream().map(Object::toString).toList());
        } catch (ConflictException e) {
            return withErrors(Response.Status.CONFLICT, List.of(e.getMessage()));
        }
    }

    private interface FormAction {
        void run() throws IOException;
    }

    /** The page again with what went wrong; nothing was changed. */
    private Response withErrors(Response.Status status, List<String> errors) {
        return Response.status(status).entity(Templates.data(pages.page("Data", "data"), List.of(Preset.values()),
                errors, live.status())).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
