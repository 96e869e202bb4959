package io.shoplens.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.shoplens.store.DatasetJobs;
import io.shoplens.store.DatasetStore;

/** Builds the {@link Page} every template includes the layout with. */
@ApplicationScoped
class Pages {
    @Inject
    DatasetStore store;
    @Inject
    DatasetJobs jobs;

    Page page(String title, String active) {
        return new Page(title, active, DatasetResource.DatasetStatus.of(store.current().orElse(null), jobs));
    }
}
