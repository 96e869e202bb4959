package io.shoplens.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.shoplens.common.ValidationException;
import io.shoplens.simulate.LiveSimulation;

/** The live shop: a simulated dataset whose clock moves and whose orders keep arriving. */
@Path("/api/live")
@Tag(name = "Dataset")
public class LiveResource {
    @Inject
    LiveSimulation live;
    @Inject
    JsonBodies bodies;

    @Operation(summary = "The live shop's state: running, speed (simulated days per real second), clock, orders and customers it added")
    @APIResponseSchema(value = LiveSimulation.Status.class, responseDescription = "The state")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public LiveSimulation.Status status() {
        return live.status();
    }

    @Operation(summary = "Start, re-speed or stop the live shop (admin)",
            description = "{\"running\": true, \"speed\": 1.0} starts it (or changes its speed) at that many simulated days per real second (real time: 1/86400); {\"running\": false} stops it. 409 on an imported dataset or while a dataset job runs.")
    @APIResponseSchema(value = LiveSimulation.Status.class, responseDescription = "The state after the change")
    @APIResponse(responseCode = "400", ref = "invalid")
    @APIResponse(responseCode = "401", ref = "unauthenticated")
    @APIResponse(responseCode = "403", ref = "writesDisabled")
    @APIResponse(responseCode = "409", ref = "busy")
    @POST
    @AdminOnly
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public LiveSimulation.Status change(String body) {
        Change change = bodies.read(body, Change.class, "{\"running\": true, \"speed\": 1.0}");
        if (change.running() == null) {
            throw new ValidationException("running", "true or false is required");
        }
        if (!change.running()) {
            return live.stop(null);
        }
        return live.start(change.speed() == null ? 1.0 : change.speed());
    }

    /** @param speed simulated days per real second; 1 when left out */
    public record Change(Boolean running, Double speed) {
    }
}
