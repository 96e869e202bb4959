package io.shoplens.store;

import java.util.List;

/**
 * Fired (synchronously, on the appending thread) after orders were written to the current dataset version and
 * recorded in its {@link DatasetInfo}; its one observer is the dataset flow, which extends the frame.
 *
 * @param dataset the dataset as recorded after the append
 * @param orders the orders written, with their {@link Order#seq}, in that order
 */
public record OrdersAppended(DatasetInfo dataset, List<Order> orders, List<Customer> customers,
        List<Product> products) {
}
