package io.shoplens.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetJobs;
import io.shoplens.store.DatasetStore;

/** Builds the {@link Page} every template includes the layout with. */
@ApplicationScoped
class Pages {
    @Inject
    DatasetStore store;
    @Inject
    DatasetJobs jobs;
    @Inject
    Frames frames;

    /** The dataset last read, for the pages that can still answer from memory while MongoDB is away. */
    private volatile DatasetInfo lastRead;

    Page page(String title, String active) {
        OrderFrame frame = frames.current().orElse(null);
        DatasetInfo dataset;
        try {
            dataset = store.current().orElse(null);
            lastRead = dataset;
        } catch (RuntimeException e) {
            DatasetInfo known = lastRead;
            if (!ProblemMappers.isDatabaseDown(e) || frame == null || known == null) {
                throw e;
            }
            return new Page(title, active, DatasetResource.DatasetStatus.of(known, jobs), "The database cannot be"
                    + " reached right now: these figures are those of dataset version " + frame.version() + " held in"
                    + " memory, and changes wait until it is back.", true);
        }
        return new Page(title, active, DatasetResource.DatasetStatus.of(dataset, jobs), analysis(dataset, frame),
                frame != null);
    }

    /** What the banner says when the analyses do not (yet) describe the dataset being served. */
    private String analysis(DatasetInfo dataset, OrderFrame frame) {
        if (dataset == null || (frame != null && frame.version() >= dataset.version)) {
            return null;
        }
        var failure = frames.failure().filter(f -> f.version() == dataset.version);
        if (failure.isPresent()) {
            return failure.get().message() + (frame == null ? "" : " The figures below are those of dataset version "
                    + frame.version() + ".");
        }
        return frame == null ? "Preparing the analysis of dataset version " + dataset.version + "… the figures appear"
                + " in a few seconds; reload the page."
                : "Preparing the analysis of dataset version " + dataset.version + "; the figures below are still those"
                        + " of version " + frame.version() + ".";
    }
}
