package io.shoplens.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.Persona;
import io.shoplens.store.Product;
import io.shoplens.testing.SimulatedShop;

class ShopSimulatorTest {
    private static final LocalDate AS_OF = LocalDate.of(2025, 12, 31);

    static SimulatedShop simulate(SimulationSettings settings) {
        return SimulatedShop.of(settings);
    }

    static SimulationSettings classic(long seed) {
        return SimulationSettings.of(Preset.CLASSIC, seed, 730, AS_OF);
    }

    @Test
    void sameSeedGivesIdenticalDocuments() {
        SimulatedShop a = simulate(classic(7));
        SimulatedShop b = simulate(classic(7));
        assertEquals(fingerprint(a), fingerprint(b));
        assertEquals(a.orders.size(), b.orders.size());
    }

    @Test
    void otherSeedGivesOtherData() {
        assertNotEquals(fingerprint(simulate(classic(7))), fingerprint(simulate(classic(8))));
    }

    @Test
    void countsLandNearTheTargets() {
        for (long seed : new long[] { 1, 2, 3 }) {
            SimulatedShop shop = simulate(classic(seed));
            assertEquals(100, shop.customers.size());
            assertEquals(10, shop.products.size());
            assertEquals(shop.sales().size(), shop.result.orders());
            assertEquals(shop.returns().size(), shop.result.returns());
            assertTrue(Math.abs(shop.sales().size() - 2000) <= 60, "orders " + shop.sales().size());
        }
        SimulationSettings bigger = new SimulationSettings(null, 5000, 100, 60_000, 5, 730, AS_OF,
                SimulationSettings.DEFAULT_MIX);
        SimulatedShop shop = simulate(bigger);
        assertTrue(Math.abs(shop.sales().size() - 60_000) <= 600, "orders " + shop.sales().size());
    }

    @Test
    void personaMixFollowsTheSettings() {
        SimulationSettings settings = new SimulationSettings(null, 20_000, 50, 100_000, 11, 365, AS_OF,
                SimulationSettings.DEFAULT_MIX);
        SimulatedShop shop = simulate(settings);
        Map<Persona, Integer> counts = new EnumMap<>(Persona.class);
        shop.truth.values().forEach(t -> counts.merge(t.persona, 1, Integer::sum));
        SimulationSettings.DEFAULT_MIX.forEach((persona, share) -> assertEquals(share,
                counts.getOrDefault(persona, 0) / 20_000.0, 0.015, persona.name()));
    }

    @Test
    void everyOrderPointsToExistingCustomerAndProducts() {
        SimulatedShop shop = simulate(classic(3));
        Map<String, Product> products = new HashMap<>();
        shop.products.forEach(p -> products.put(p.id, p));
        Set<String> customers = new HashSet<>();
        shop.customers.forEach(c -> customers.add(c.id));
        for (Order order : shop.sales()) {
            assertTrue(customers.contains(order.customerId), order.id);
            for (OrderLine line : order.lines) {
                Product product = products.get(line.productId);
                assertNotNull(product, line.productId);
                assertEquals(product.name, line.productName);
                assertEquals(product.price, line.unitPrice);
                assertTrue(line.quantity >= 1);
            }
            Set<String> distinct = new HashSet<>();
            order.lines.forEach(l -> distinct.add(l.productId));
            assertEquals(order.lines.size(), distinct.size(), "a product appears once per order");
        }
    }

    @Test
    void totalsAddUpToTheCent() {
        SimulatedShop shop = simulate(classic(4));
        long withPromo = 0;
        for (Order order : shop.sales()) {
            BigDecimal lines = order.lines.stream().map(l -> l.unitPrice.multiply(BigDecimal.valueOf(l.quantity)))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, lines.subtract(order.discount).compareTo(order.total), order.id);
            assertEquals(2, order.total.scale());
            assertTrue(order.discount.signum() >= 0 && order.total.signum() > 0);
            assertEquals(order.promoCode == null, order.discount.signum() == 0, order.id);
            withPromo += order.promoCode == null ? 0 : 1;
        }
        assertTrue(withPromo > 0 && withPromo < shop.sales().size());
        for (Order back : shop.returns()) {
            BigDecimal lines = back.lines.stream().map(l -> l.unitPrice.multiply(BigDecimal.valueOf(l.quantity)))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, lines.compareTo(back.total), back.id);
            assertEquals(0, back.discount.signum(), back.id);
        }
    }

    /**
     * Each return follows its sale (R00000042 returns O00000042): same customer and country, later but inside the
     * window, at most the units sold of products sold, refunded at most the price paid; the truth counts them.
     */
    @Test
    void returnsFollowTheirSalesAndTheTruthCountsThem() {
        SimulatedShop shop = simulate(new SimulationSettings(null, 3000, 50, 40_000, 9, 730, AS_OF,
                SimulationSettings.DEFAULT_MIX));
        Map<String, Order> sales = new HashMap<>();
        shop.sales().forEach(o -> sales.put(o.id, o));
        Instant end = AS_OF.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Integer> perCustomer = new HashMap<>();
        for (Order back : shop.returns()) {
            Order sale = sales.get("O" + back.id.substring(1));
            assertNotNull(sale, back.id);
            assertEquals(sale.customerId, back.customerId);
            assertEquals(sale.country, back.country);
            assertTrue(back.date.isAfter(sale.date) && back.date.isBefore(end), back.id);
            for (OrderLine line : back.lines) {
                OrderLine sold = sale.lines.stream().filter(l -> l.productId.equals(line.productId)).findFirst()
                        .orElseThrow();
                assertTrue(line.quantity < 0 && -line.quantity <= sold.quantity, back.id);
                assertTrue(line.unitPrice.compareTo(sold.unitPrice) <= 0, back.id);
            }
            perCustomer.merge(back.customerId, 1, Integer::sum);
        }
        shop.truth.values().forEach(t -> assertEquals(perCustomer.getOrDefault(t.id, 0), t.returns, t.id));
        double share = (double) shop.returns().size() / shop.sales().size();
        assertTrue(share > 0.03 && share < 0.08, "about 5% of orders are returned: " + share);
        Map<Persona, long[]> byPersona = new EnumMap<>(Persona.class);
        shop.sales().forEach(o -> byPersona.computeIfAbsent(shop.truth.get(o.customerId).persona,
                p -> new long[2])[0]++);
        shop.returns().forEach(o -> byPersona.get(shop.truth.get(o.customerId).persona)[1]++);
        double addicts = (double) byPersona.get(Persona.PROMO_ADDICT)[1] / byPersona.get(Persona.PROMO_ADDICT)[0];
        double regulars = (double) byPersona.get(Persona.REGULAR)[1] / byPersona.get(Persona.REGULAR)[0];
        assertTrue(addicts > 1.5 * regulars, "promo addicts return more: " + addicts + " vs " + regulars);
    }

    @Test
    void aShopWithoutReturnsHasTheSameSales() {
        SimulationSettings with = classic(6);
        SimulationSettings without = new SimulationSettings(with.preset(), with.customers(), with.products(),
                with.orders(), with.seed(), with.days(), with.asOf(), with.personaMix(), 0);
        SimulatedShop a = simulate(with);
        SimulatedShop b = simulate(without);
        assertTrue(b.returns().isEmpty());
        assertEquals(fingerprint(a.sales()), fingerprint(b.orders));
    }

    @Test
    void datesStayInsideTheWindow() {
        SimulatedShop shop = simulate(classic(5));
        Instant start = AS_OF.minusDays(729).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = AS_OF.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Order order : shop.orders) {
            assertFalse(order.date.isBefore(start), order.id + " " + order.date);
            assertTrue(order.date.isBefore(end), order.id + " " + order.date);
        }
        assertEquals(shop.orders.stream().map(o -> o.date).min(Instant::compareTo).orElseThrow(),
                shop.result.firstOrder());
    }

    @Test
    void noOrderAfterTheDropOutAndDropOutsAreRecorded() {
        SimulationSettings settings = new SimulationSettings(null, 3000, 50, 40_000, 9, 730, AS_OF,
                SimulationSettings.DEFAULT_MIX);
        SimulatedShop shop = simulate(settings);
        Map<String, Instant> lastOrder = new HashMap<>();
        shop.sales().forEach(o -> lastOrder.merge(o.customerId, o.date, (a, b) -> a.isAfter(b) ? a : b));
        int dropped = 0;
        for (CustomerTruth truth : shop.truth.values()) {
            if (truth.dropoutDate != null) {
                dropped++;
                assertEquals(truth.dropoutDate, lastOrder.get(truth.id), "drop-out is after the last purchase");
            }
            assertTrue(truth.purchaseRatePerDay > 0 && truth.dropoutProbability > 0);
        }
        for (Order order : shop.sales()) {
            Instant dropout = shop.truth.get(order.customerId).dropoutDate;
            assertTrue(dropout == null || !order.date.isAfter(dropout), order.id);
        }
        assertTrue(dropped > 300 && dropped < 2900, "dropped " + dropped);
    }

    @Test
    void promoAddictsBuyMostlyWithCodesAndVipsSpendMost() {
        SimulationSettings settings = new SimulationSettings(null, 4000, 100, 60_000, 13, 730, AS_OF,
                SimulationSettings.DEFAULT_MIX);
        SimulatedShop shop = simulate(settings);
        Map<Persona, long[]> promo = new EnumMap<>(Persona.class);
        Map<Persona, BigDecimal> spend = new EnumMap<>(Persona.class);
        for (Order order : shop.sales()) {
            Persona persona = shop.truth.get(order.customerId).persona;
            long[] counts = promo.computeIfAbsent(persona, p -> new long[2]);
            counts[0]++;
            counts[1] += order.promoCode == null ? 0 : 1;
            spend.merge(persona, order.total, BigDecimal::add);
        }
        double addictShare = (double) promo.get(Persona.PROMO_ADDICT)[1] / promo.get(Persona.PROMO_ADDICT)[0];
        double regularShare = (double) promo.get(Persona.REGULAR)[1] / promo.get(Persona.REGULAR)[0];
        assertTrue(addictShare > 0.6, "promo addicts' promo share " + addictShare);
        assertTrue(regularShare < 0.15, "regulars' promo share " + regularShare);
        double vipBasket = spend.get(Persona.VIP).doubleValue() / promo.get(Persona.VIP)[0];
        double regularBasket = spend.get(Persona.REGULAR).doubleValue() / promo.get(Persona.REGULAR)[0];
        assertTrue(vipBasket > 1.5 * regularBasket, vipBasket + " vs " + regularBasket);
    }

    static String fingerprint(SimulatedShop shop) {
        StringBuilder sb = new StringBuilder();
        shop.products.forEach(p -> sb.append(p.id).append(p.name).append(p.category).append(p.price).append('\n'));
        shop.customers.forEach(c -> sb.append(c.id).append(c.email).append(c.city).append(c.country)
                .append(c.signupDate).append(shop.truth.get(c.id).persona).append(shop.truth.get(c.id).dropoutDate)
                .append('\n'));
        sb.append(fingerprint(shop.orders));
        return sb.toString();
    }

    static String fingerprint(java.util.List<Order> orders) {
        StringBuilder sb = new StringBuilder();
        orders.forEach(o -> {
            sb.append(o.id).append(o.customerId).append(o.date).append(o.promoCode).append(o.total);
            o.lines.forEach(l -> sb.append(l.productId).append(l.quantity));
            sb.append('\n');
        });
        return sb.toString();
    }
}
