package io.shoplens.churn;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.shoplens.store.DatasetJobs;

/**
 * Ready when a churn model serves, or while the first one is on its way (a training, one that a dataset change has
 * asked for, or the dataset job that a training follows). A pod with no model and nothing coming is not ready: its churn pages would be empty.
 * MongoDB's reachability is the MongoDB client extension's own readiness check.
 */
@Readiness
@ApplicationScoped
class ChurnReadiness implements HealthCheck {
    @Inject
    ChurnService churn;
    @Inject
    DatasetJobs jobs;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("churn model");
        try {
            var serving = churn.servingModel();
            if (serving.isPresent()) {
                return response.up().withData("version", serving.get().version())
                        .withData("training", churn.isTraining()).build();
            }
            if (churn.isTraining() || churn.isRetrainingPending() || jobs.running().isPresent()) {
                return response.up().withData("version", "none yet: the first model is being prepared").build();
            }
            return response.down().withData("reason", churn.lastFailure().map(ModelCard::error)
                    .orElse("no model has been trained")).build();
        } catch (RuntimeException e) {
            return response.down().withData("reason", "the model store cannot be read").build();
        }
    }
}
