package io.shoplens.web;

import io.shoplens.store.DatasetInfo;
import io.shoplens.web.DatasetResource.DatasetStatus;

/**
 * What the base layout needs on every page: the title, which navigation entry is active, and the dataset badge.
 *
 * @param active one of dashboard, segments, churn, customers, data
 */
public record Page(String title, String active, DatasetStatus dataset) {

    public boolean hasData() {
        return dataset != null && dataset.orders() > 0;
    }

    public boolean simulated() {
        return dataset != null && DatasetInfo.SIMULATED.equals(dataset.source());
    }
}
