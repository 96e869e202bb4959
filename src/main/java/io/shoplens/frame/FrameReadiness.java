package io.shoplens.frame;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.shoplens.store.DatasetStore;

/**
 * Ready once an analysis frame serves (or there is no dataset to analyse): before that every page could only say
 * "preparing". While a newer version's frame is being made the older one serves, quickly, so the pod stays ready.
 */
@Readiness
@ApplicationScoped
class FrameReadiness implements HealthCheck {
    @Inject
    Frames frames;
    @Inject
    DatasetStore store;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("analysis frame");
        var frame = frames.current();
        if (frame.isPresent()) {
            return response.up().withData("version", frame.get().version())
                    .withData("orders", frame.get().orderCount()).build();
        }
        try {
            if (store.current().isEmpty()) {
                return response.up().withData("version", "no dataset yet").build();
            }
        } catch (RuntimeException e) {
            return response.down().withData("reason", "the dataset cannot be read").build();
        }
        return response.down().withData("reason", frames.failure().map(Frames.Failure::message)
                .orElse("the analysis frame is being prepared")).build();
    }
}
