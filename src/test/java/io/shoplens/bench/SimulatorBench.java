package io.shoplens.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.types.Decimal128;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.simulate.ShopSimulator;
import io.shoplens.simulate.StoreSink;
import io.shoplens.testing.SimulatedShop;
import io.shoplens.store.BulkLoader;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Product;
import net.datafaker.Faker;

/**
 * Issue 2's benchmark, against an embedded in-memory server in this JVM, for the same order count:
 * (a) the simulator alone, (b) the insertMany ceiling with pre-built documents, (c) generate + load end to end with the
 * app's own loader, (d) a naive seed-style loop (Datafaker per field per row, one insert per order).
 */
final class SimulatorBench {
    private static final int BATCH = 5000;

    private SimulatorBench() {
    }

    static void run(String[] args) throws Exception {
        long orders = Long.parseLong(System.getProperty("orders", "200000"));
        int customers = (int) Math.max(100, orders / 20);
        SimulationSettings settings = new SimulationSettings(null, customers, 200, orders, 42, 730,
                LocalDate.of(2025, 12, 31), SimulationSettings.DEFAULT_MIX);
        System.out.printf("Simulator benchmark: %,d target orders, %,d customers, memory backend, batches of %,d%n",
                orders, customers, BATCH);

        warmUp(settings);

        long t0 = System.nanoTime();
        Counting counting = new Counting();
        new ShopSimulator(settings).run(counting);
        double a = counting.orders / seconds(t0);
        System.out.printf("(a) simulator alone          %,12.0f orders/s  (%,d orders)%n", a, counting.orders);

        SimulatedShop prebuilt = SimulatedShop.of(settings);
        double b;
        double c;
        try (Server server = new Server()) {
            MongoCollection<Order> ceiling = server.db.getCollection("orders_ceiling", Order.class);
            t0 = System.nanoTime();
            insertAll(ceiling, prebuilt.orders);
            b = prebuilt.orders.size() / seconds(t0);
            System.out.printf("(b) insertMany ceiling       %,12.0f docs/s    (pre-built orders)%n", b);
            prebuilt.orders.clear();
            ceiling.drop();

            t0 = System.nanoTime();
            long loaded = generateAndLoad(server.db, settings);
            c = loaded / seconds(t0);
            System.out.printf("(c) generate + load          %,12.0f orders/s  (customers, truth, products too)%n", c);
        }
        double d;
        try (Server server = new Server()) {
            t0 = System.nanoTime();
            long naive = naiveSeed(server.client.getDatabase("naive"), orders, customers);
            d = naive / seconds(t0);
            System.out.printf("(d) naive seed-style loop    %,12.0f orders/s%n", d);
        }
        System.out.printf("a/b = %.1f (target >= 10)   c/b = %.2f (target >= 0.8)   c/d = %.1f (target >= 20)%n",
                a / b, c / b, c / d);
    }

    private static void warmUp(SimulationSettings settings) throws Exception {
        // Both paths run once before measuring, so that no figure is taken while the JIT is still compiling.
        SimulationSettings small = new SimulationSettings(null, 5000, 100, 100_000, 1, 730, settings.asOf(),
                settings.personaMix());
        for (int i = 0; i < 3; i++) {
            new ShopSimulator(small).run(new Counting());
        }
        SimulatedShop prebuilt = SimulatedShop.of(small);
        try (Server server = new Server()) {
            generateAndLoad(server.db, small);
            insertAll(server.db.getCollection("warm", Order.class), prebuilt.orders);
        }
    }

    private static void insertAll(MongoCollection<Order> collection, List<Order> orders) {
        for (int i = 0; i < orders.size(); i += BATCH) {
            collection.insertMany(orders.subList(i, Math.min(i + BATCH, orders.size())),
                    new InsertManyOptions().ordered(false));
        }
    }

    /** The app's path: simulator → BulkLoader (insertMany on its own thread) into four collections. */
    private static long generateAndLoad(MongoDatabase db, SimulationSettings settings) throws Exception {
        try (BulkLoader loader = new BulkLoader(BATCH)) {
            StoreSink sink = new StoreSink(loader, db.getCollection("products", Product.class),
                    db.getCollection("customers", Customer.class), db.getCollection("truth", CustomerTruth.class),
                    db.getCollection("orders", Order.class), n -> {
                    });
            long count = new ShopSimulator(settings).run(sink).orders();
            sink.flush();
            loader.finish();
            return count;
        }
    }

    /** How a hand-written seed script does it: Faker for every field of every row, one insert per order. */
    private static long naiveSeed(MongoDatabase db, long orders, int customers) {
        Faker faker = new Faker(Locale.ENGLISH, new Random(42));
        MongoCollection<Document> collection = db.getCollection("orders");
        Date from = Date.from(LocalDate.of(2024, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Date to = Date.from(LocalDate.of(2025, 12, 31).atStartOfDay(ZoneOffset.UTC).toInstant());
        for (long i = 0; i < orders; i++) {
            double price = Double.parseDouble(faker.commerce().price(2, 300).replace(",", "."));
            int quantity = faker.number().numberBetween(1, 5);
            Document line = new Document("productId", faker.number().digits(5))
                    .append("productName", faker.commerce().productName())
                    .append("quantity", quantity)
                    .append("unitPrice", new Decimal128(java.math.BigDecimal.valueOf(price)));
            collection.insertOne(new Document("_id", "O" + i)
                    .append("customerId", "C" + faker.number().numberBetween(1, customers))
                    .append("customerName", faker.name().fullName())
                    .append("date", faker.timeAndDate().between(from.toInstant(), to.toInstant()))
                    .append("country", faker.address().country())
                    .append("promoCode", faker.bool().bool() ? faker.commerce().promotionCode() : null)
                    .append("lines", List.of(line))
                    .append("total", new Decimal128(java.math.BigDecimal.valueOf(price * quantity))));
        }
        return orders;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** An embedded memory server on a random loopback port with a client using the app's POJO codecs. */
    private static final class Server implements AutoCloseable {
        final MongoServer server = new MongoServer(new MemoryBackend());
        final MongoClient client;
        final MongoDatabase db;

        Server() {
            server.bind("127.0.0.1", 0);
            CodecRegistry codecs = CodecRegistries.fromRegistries(MongoClientSettings.getDefaultCodecRegistry(),
                    CodecRegistries.fromProviders(PojoCodecProvider.builder().automatic(true).build()));
            client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new com.mongodb.ConnectionString("mongodb://127.0.0.1:"
                            + server.getLocalAddress().getPort()))
                    .codecRegistry(codecs).build());
            db = client.getDatabase("bench");
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }

    private static class Counting implements ShopSimulator.Sink {
        long orders;

        @Override
        public void product(Product product) {
        }

        @Override
        public void customer(Customer customer, CustomerTruth truth) {
        }

        @Override
        public void order(Order order) {
            orders++;
        }
    }
}
