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

@Path("/api/dataset")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    @Inject
    DatasetStore store;
    @Inject
    DatasetJobs jobs;
    @Inject
    DatasetGenerator generator;
    @Inject
    JsonBodies json;

    @GET
    public DatasetStatus status() {
        return DatasetStatus.of(store.current().orElse(null), jobs);
    }

    @POST
    @AdminOnly
    @Consumes(MediaType.APPLICATION_JSON)
    public Response regenerate(String body) {
        GenerationRequest request = json.read(body, GenerationRequest.class, "{\"preset\": \"medium\", \"seed\": 7}");
        generator.start(generator.settings(request));
        return Response.accepted(status()).build();
    }

    /** The dataset being served and, while one runs, the job that will replace it. */
    public record DatasetStatus(String status, long version, String source, Long seed, String preset,
            Integer days, long customers, long products, long orders, LocalDate asOf, Instant firstOrderDate,
            Instant lastOrderDate, Instant generatedAt, long durationMillis, String fileName, Progress progress,
            DatasetJobs.Failure lastFailure) {

        static DatasetStatus of(DatasetInfo info, DatasetJobs jobs) {
            Progress progress = jobs.running().map(Progress::of).orElse(null);
            String status = progress != null ? progress.kind().equals("import") ? "importing" : "generating"
                    : info == null ? "empty" : "ready";
            DatasetJobs.Failure failure = jobs.lastFailure().orElse(null);
            if (info == null) {
                return new DatasetStatus(status, 0, null, null, null, null, 0, 0, 0, null, null, null, null, 0, null,
                        progress, failure);
            }
            return new DatasetStatus(status, info.version, info.source, info.seed, info.preset, info.days,
                    info.customers, info.products, info.orders, info.asOf, info.firstOrderDate, info.lastOrderDate,
                    info.generatedAt, info.durationMillis, info.fileName, progress, failure);
        }
    }

    public record Progress(String kind, String phase, long done, long total, double fraction, Instant startedAt) {
        static Progress of(DatasetJobs.JobStatus job) {
            return new Progress(job.kind(), job.phase(), job.done(), job.total(), job.fraction(), job.startedAt());
        }
    }
}
