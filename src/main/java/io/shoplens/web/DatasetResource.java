package io.shoplens.web;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.shoplens.simulate.DatasetGenerator;
import io.shoplens.simulate.GenerationRequest;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetJobs;
import io.shoplens.store.DatasetStore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

@Path("/api/dataset")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dataset")
public class DatasetResource {

    @Inject
    DatasetStore store;
    @Inject
    DatasetJobs jobs;
    @Inject
    DatasetGenerator generator;
    @Inject
    JsonBodies json;

    @Operation(summary = "The dataset being served",
            description = "Source, counts, dates and, while a generation or import runs, its progress and the last failure.")
    @APIResponseSchema(value = DatasetStatus.class, responseDescription = "The dataset and any running job")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    public DatasetStatus status() {
        return DatasetStatus.of(store.current().orElse(null), jobs);
    }

    @Operation(summary = "Generate a new simulated dataset (admin)",
            description = "Body: {preset, seed, customers, products, orders, days, asOf}; explicit counts override the preset. Answers 202 at once; the current dataset keeps serving until the new one is complete.")
    @RequestBody(content = @Content(schema = @Schema(implementation = GenerationRequest.class)))
    @APIResponseSchema(value = DatasetStatus.class, responseCode = "202",
            responseDescription = "Generation started; GET /api/dataset follows its progress")
    @APIResponse(responseCode = "400", ref = "invalid")
    @APIResponse(responseCode = "401", ref = "unauthenticated")
    @APIResponse(responseCode = "403", ref = "writesDisabled")
    @APIResponse(responseCode = "409", ref = "busy")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @POST
    @AdminOnly
    @Consumes(MediaType.APPLICATION_JSON)
    public Response regenerate(String body) {
        GenerationRequest request = json.read(body, GenerationRequest.class, "{\"preset\": \"medium\", \"seed\": 7}");
        generator.start(generator.settings(request));
        return Response.accepted(status()).build();
    }

    /**
     * The dataset being served and, while one runs, the job that will replace it.
     *
     * @param orders sales orders
     * @param returns orders with returned lines (cancellation invoices, simulated returns)
     */
    public record DatasetStatus(String status, long version, String source, Long seed, String preset,
            Integer days, long customers, long products, long orders, long returns, LocalDate asOf, Instant firstOrderDate,
            Instant lastOrderDate, Instant generatedAt, long durationMillis, String fileName, Progress progress,
            DatasetJobs.Failure lastFailure) {

        static DatasetStatus of(DatasetInfo info, DatasetJobs jobs) {
            Progress progress = jobs.running().map(Progress::of).orElse(null);
            String status = progress != null ? progress.kind().equals("import") ? "importing" : "generating"
                    : info == null ? "empty" : "ready";
            DatasetJobs.Failure failure = jobs.lastFailure().orElse(null);
            if (info == null) {
                return new DatasetStatus(status, 0, null, null, null, null, 0, 0, 0, 0, null, null, null, null, 0, null,
                        progress, failure);
            }
            return new DatasetStatus(status, info.version, info.source, info.seed, info.preset, info.days,
                    info.customers, info.products, info.orders, info.returns, info.asOf, info.firstOrderDate, info.lastOrderDate,
                    info.generatedAt, info.durationMillis, info.fileName, progress, failure);
        }
    }

    public record Progress(String kind, String phase, long done, long total, double fraction, Instant startedAt) {
        static Progress of(DatasetJobs.JobStatus job) {
            return new Progress(job.kind(), job.phase(), job.done(), job.total(), job.fraction(), job.startedAt());
        }
    }
}
