package io.shoplens.simulate;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Named dataset sizes. */
public enum Preset {
    CLASSIC(100, 10, 2_000),
    MEDIUM(10_000, 200, 200_000),
    LARGE(100_000, 1_000, 2_000_000);

    public final int customers;
    public final int products;
    public final long orders;

    Preset(int customers, int products, long orders) {
        this.customers = customers;
        this.products = products;
        this.orders = orders;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Preset> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equalsIgnoreCase(id.trim())).findFirst();
    }
}
