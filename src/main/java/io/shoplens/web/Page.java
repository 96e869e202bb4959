package io.shoplens.web;

import io.shoplens.store.DatasetInfo;
import io.shoplens.web.DatasetResource.DatasetStatus;

/**
 * What the base layout needs on every page: the title, which navigation entry is active, and the dataset badge.
 *
 * @param active one of dashboard, segments, churn, customers, data
 * @param analysis null when the analyses serve the current dataset; else what is true of them (being prepared,
 *        older version serving, or could not be made)
 * @param analysed whether any analysis frame serves: the pages can show figures
 */
public record Page(String title, String active, DatasetStatus dataset, String analysis, boolean analysed) {

    Page(String title, String active, DatasetStatus dataset) {
        this(title, active, dataset, null, dataset != null && dataset.orders() > 0);
    }

    public boolean hasData() {
        return analysed && dataset != null && dataset.orders() > 0;
    }

    public boolean simulated() {
        return dataset != null && DatasetInfo.SIMULATED.equals(dataset.source());
    }
}
