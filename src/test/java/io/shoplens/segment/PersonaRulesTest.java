package io.shoplens.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.store.Persona;

/** The rules on small hand-built histories. */
class PersonaRulesTest {
    static final Instant AS_OF = Instant.parse("2025-12-31T00:00:00Z");

    /** A customer with {@code orders} orders spread over {@code days} days before the as-of date. */
    static CustomerBehaviour customer(String id, int orders, int days, String basket, int promoOrders) {
        BigDecimal avg = new BigDecimal(basket);
        Instant first = AS_OF.minus(Duration.ofDays(days));
        return new CustomerBehaviour(id, "France", orders, avg.multiply(BigDecimal.valueOf(orders)), BigDecimal.ZERO,
                promoOrders, orders * 2L, first, AS_OF.minus(Duration.ofDays(1)), 0, 0, 0, 0, 1);
    }

    static List<CustomerBehaviour> crowd() {
        List<CustomerBehaviour> crowd = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            crowd.add(customer("R" + i, 12, 365, "50.00", 0));
            crowd.add(customer("O" + i, 2, 365, "45.00", 0));
        }
        return crowd;
    }

    PersonaRules rules(List<CustomerBehaviour> everyone) {
        return new PersonaRules(PersonaAgreement.defaults(), AS_OF, everyone);
    }

    @Test
    void aCustomerWithTenPromoOrdersIsAPromoAddict() {
        List<CustomerBehaviour> all = crowd();
        CustomerBehaviour hunter = customer("P", 10, 365, "40.00", 10);
        all.add(hunter);
        assertEquals(Persona.PROMO_ADDICT, rules(all).classify(hunter));
    }

    @Test
    void bigFrequentBasketsMakeAVip() {
        List<CustomerBehaviour> all = crowd();
        CustomerBehaviour vip = customer("V", 24, 365, "180.00", 1);
        all.add(vip);
        assertEquals(Persona.VIP, rules(all).classify(vip));
    }

    @Test
    void bigButRareBasketsAreNotVip() {
        List<CustomerBehaviour> all = crowd();
        CustomerBehaviour rare = customer("B", 1, 365, "400.00", 0);
        all.add(rare);
        assertEquals(Persona.OCCASIONAL, rules(all).classify(rare));
    }

    @Test
    void frequencySeparatesRegularsFromOccasionals() {
        List<CustomerBehaviour> all = crowd();
        PersonaRules rules = rules(all);
        assertEquals(Persona.REGULAR, rules.classify(all.get(0)));
        assertEquals(Persona.OCCASIONAL, rules.classify(all.get(1)));
    }

    @Test
    void aNewcomerIsNotMistakenForADailyBuyer() {
        List<CustomerBehaviour> all = crowd();
        CustomerBehaviour newcomer = customer("N", 1, 2, "50.00", 0);
        all.add(newcomer);
        assertEquals(365.0 / 60, rules(all).ratePerYear(newcomer), 1e-9,
                "one order in 2 days counts over the 60-day minimum window, not as 180 a year");
    }

    @Test
    void everyCustomerGetsExactlyOnePersonaEvenAlone() {
        CustomerBehaviour alone = customer("A", 3, 100, "30.00", 1);
        assertEquals(Persona.REGULAR, rules(List.of(alone)).classify(alone), "at the median, rate is regular");
        assertEquals(0, PersonaRules.median(new double[0]));
    }
}
