package io.shoplens.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.types.Decimal128;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Load clients for a running app (issue 14's targets), started by {@code bench/append-load.sh} and
 * {@code bench/live-load.sh}; arguments are {@code key=value}.
 * <ul>
 * <li>{@code appends}: appends batches of orders through {@code POST /api/orders} from {@code clients} connections
 * for {@code seconds}, polls {@code GET /api/kpis} meanwhile and, for each acknowledged batch, the time until the
 * KPIs' order count reached it; before that, the same kind of batches inserted straight into the app's MongoDB
 * ({@code insertMany} into a scratch collection with the indexes of {@code orders}), the store's ceiling.</li>
 * <li>{@code sse}: {@code sse} clients on {@code GET /api/events} while appending {@code rate} orders/s for
 * {@code seconds}; counts the {@code orders} events each client received and the orders they announced.</li>
 * </ul>
 */
final class AppendBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANSWER = Pattern.compile("\"accepted\":(\\d+),\"duplicates\":(\\d+),\"orders\":(\\d+)");
    private static final Pattern EVENT_ORDERS = Pattern.compile("\"orders\":(\\d+)");

    private final Map<String, String> options = new HashMap<>();
    private final String base;
    private final String auth;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36).toUpperCase(Locale.ROOT);
    private final AtomicLong orderNumber = new AtomicLong();
    private long existingCustomers;
    private long existingProducts;
    private long datasetOrders;
    private List<String> countries = List.of("France");

    private AppendBench(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        base = option("base", "http://127.0.0.1:8511");
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + option("password", "bench-secret"))
                .getBytes(StandardCharsets.UTF_8));
    }

    static void run(String[] args) throws Exception {
        AppendBench bench = new AppendBench(args);
        bench.dataset();
        if (bench.option("mode", "appends").equals("sse")) {
            bench.sse();
        } else {
            bench.appends();
        }
    }

    private String option(String key, String fallback) {
        return options.getOrDefault(key, System.getProperty(key, fallback));
    }

    private int intOption(String key, int fallback) {
        return Integer.parseInt(option(key, Integer.toString(fallback)));
    }

    private void dataset() throws Exception {
        JsonNode d = JSON.readTree(get("/api/dataset"));
        if (!"ready".equals(d.path("status").asText())) {
            throw new IllegalStateException("the dataset is not ready: " + d);
        }
        existingCustomers = d.path("customers").asLong();
        existingProducts = d.path("products").asLong();
        datasetOrders = d.path("orders").asLong();
        JsonNode kpis = JSON.readTree(get("/api/kpis"));
        List<String> seen = new ArrayList<>();
        kpis.path("countries").forEach(c -> seen.add(c.asText()));
        if (!seen.isEmpty()) {
            countries = seen;
        }
        System.out.printf("dataset: preset %s, version %d, %,d customers, %,d products, %,d orders (KPIs: %,d)%n",
                d.path("preset").asText(), d.path("version").asLong(), existingCustomers, existingProducts,
                datasetOrders, kpis.path("orders").asLong());
    }

    // --- the orders -------------------------------------------------------------------------------------------

    /**
     * A batch of new orders dated in the last hour: four in five by existing customers (C000001…), the rest by
     * customers new in this run (some of whom order again); one line in twenty of a product new in this run.
     */
    private String batch(int size, Random random, boolean ndjson) {
        StringBuilder b = new StringBuilder(size * 260);
        if (!ndjson) {
            b.append('[');
        }
        long now = System.currentTimeMillis();
        for (int i = 0; i < size; i++) {
            long n = orderNumber.incrementAndGet();
            if (i > 0) {
                b.append(ndjson ? "\n" : ",\n");
            }
            String customer = random.nextInt(5) > 0 ? String.format("C%06d", 1 + random.nextInt((int) existingCustomers))
                    : "N" + run + "-" + (1 + random.nextInt((int) Math.max(1, n / 4)));
            b.append("{\"id\":\"B").append(run).append('-').append(n).append("\",\"customerId\":\"").append(customer)
                    .append("\",\"date\":\"").append(Instant.ofEpochMilli(now - random.nextInt(3_600_000)))
                    .append("\",\"country\":\"").append(countries.get(random.nextInt(countries.size())))
                    .append("\",\"lines\":[");
            int lines = 1 + random.nextInt(3);
            for (int l = 0; l < lines; l++) {
                if (l > 0) {
                    b.append(',');
                }
                if (random.nextInt(20) == 0) {
                    int p = 1 + random.nextInt(50);
                    b.append("{\"productId\":\"NP").append(run).append('-').append(p)
                            .append("\",\"productName\":\"Bench item ").append(p)
                            .append("\",\"category\":\"Bench\"");
                } else {
                    b.append(String.format("{\"productId\":\"P%05d\"", 1 + random.nextInt((int) existingProducts)));
                }
                b.append(",\"quantity\":").append(1 + random.nextInt(3)).append(",\"unitPrice\":")
                        .append(1 + random.nextInt(80)).append('.').append(random.nextInt(10)).append("9}");
            }
            b.append("]");
            if (random.nextInt(10) == 0) {
                b.append(",\"promoCode\":\"BENCH10\",\"discount\":1.00");
            }
            b.append('}');
        }
        if (!ndjson) {
            b.append(']');
        }
        return b.toString();
    }

    /** The same orders as the app stores them (Decimal128 amounts, dates, embedded lines). */
    private static List<Document> documents(String body) throws Exception {
        List<Document> docs = new ArrayList<>();
        for (JsonNode o : JSON.readTree(body)) {
            List<Document> lines = new ArrayList<>();
            BigDecimal subtotal = BigDecimal.ZERO;
            for (JsonNode l : o.path("lines")) {
                BigDecimal price = l.path("unitPrice").decimalValue().setScale(2);
                subtotal = subtotal.add(price.multiply(BigDecimal.valueOf(l.path("quantity").asInt())));
                lines.add(new Document("productId", l.path("productId").asText())
                        .append("productName", l.path("productName").asText(l.path("productId").asText()))
                        .append("quantity", l.path("quantity").asInt()).append("unitPrice", new Decimal128(price)));
            }
            BigDecimal discount = o.has("discount") ? o.path("discount").decimalValue().setScale(2)
                    : BigDecimal.ZERO.setScale(2);
            docs.add(new Document("_id", o.path("id").asText()).append("customerId", o.path("customerId").asText())
                    .append("date", java.util.Date.from(Instant.parse(o.path("date").asText())))
                    .append("country", o.path("country").asText()).append("promoCode", o.path("promoCode").asText(null))
                    .append("discount", new Decimal128(discount))
                    .append("total", new Decimal128(subtotal.subtract(discount))).append("lines", lines));
        }
        return docs;
    }

    // --- appends and the KPIs following them ------------------------------------------------------------------

    private record Ack(long sentNanos, long ackNanos, long kpiTarget) {
    }

    private record Poll(long atNanos, long orders) {
    }

    private void appends() throws Exception {
        int seconds = intOption("seconds", 60);
        int clients = intOption("clients", 2);
        int size = intOption("batch", 500);
        boolean ndjson = option("format", "json").equals("ndjson");
        double ceiling = insertManyCeiling(size, intOption("insertBatches", 60));

        long kpi0 = JSON.readTree(get("/api/kpis")).path("orders").asLong();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        List<Poll> polls = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong lastAck = new AtomicLong(start);
        Thread poller = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    String body = get("/api/kpis");
                    polls.add(new Poll(System.nanoTime(), JSON.readTree(body).path("orders").asLong()));
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.out.println("poller stopped: " + e);
            }
        }, "kpi-poller");
        poller.start();
        List<Thread> appenders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(1000 + c);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    String body = batch(size, random, ndjson);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> r = post(body, ndjson);
                        long at = System.nanoTime();
                        Matcher m = ANSWER.matcher(r.body());
                        if (r.statusCode() != 200 || !m.find()) {
                            errors.incrementAndGet();
                            System.out.println("append answered " + r.statusCode() + ": "
                                    + r.body().substring(0, Math.min(300, r.body().length())));
                            continue;
                        }
                        accepted.addAndGet(Long.parseLong(m.group(1)));
                        acks.add(new Ack(sent, at, kpi0 + Long.parseLong(m.group(3)) - datasetOrders));
                        lastAck.accumulateAndGet(at, Math::max);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        System.out.println("append failed: " + e);
                    }
                }
            }, "appender-" + c);
            appenders.add(t);
            t.start();
        }
        for (Thread t : appenders) {
            t.join();
        }
        double elapsed = (lastAck.get() - start) / 1e9;
        long target = acks.stream().mapToLong(Ack::kpiTarget).max().orElse(kpi0);
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < waitUntil && lastPolled(polls) < target) {
            Thread.sleep(50);
        }
        poller.interrupt();
        poller.join();

        List<Poll> seen = new ArrayList<>(polls);
        List<Double> lags = new ArrayList<>();
        int unreached = 0;
        for (Ack a : acks) {
            Poll first = null;
            for (Poll p : seen) { // polls are in time order
                if (p.atNanos() >= a.ackNanos() && p.orders() >= a.kpiTarget()) {
                    first = p;
                    break;
                }
            }
            if (first == null) {
                unreached++;
            } else {
                lags.add((first.atNanos() - a.ackNanos()) / 1e6);
            }
        }
        List<Double> latencies = acks.stream().map(a -> (a.ackNanos() - a.sentNanos()) / 1e6).sorted().toList();
        Collections.sort(lags);
        double rate = accepted.get() / elapsed;
        System.out.printf("appends: %d client(s), batches of %d (%s), %d s: %,d orders accepted in %,d batches, %d errors%n",
                clients, size, ndjson ? "NDJSON" : "JSON array", seconds, accepted.get(), acks.size(), errors.get());
        System.out.printf("append rate: %,.0f orders/s (target >= 5,000: %.2f of it)%n", rate, rate / 5000);
        System.out.printf("append answer time per batch: p50 %.0f ms  p95 %.0f ms  max %.0f ms%n",
                pct(latencies, 50), pct(latencies, 95), pct(latencies, 100));
        System.out.printf("KPI lag after the answer (%,d polls of /api/kpis, every 20 ms + its own time):"
                + " p50 %.0f ms  p95 %.0f ms  max %.0f ms  (target max <= 2,000 ms); never reached within 30 s: %d%n",
                seen.size(), pct(lags, 50), pct(lags, 95), pct(lags, 100), unreached);
        System.out.printf("KPIs' orders at the end: %,d (expected %,d)%n", lastPolled(seen), target);
        System.out.printf("appends / insertMany ceiling = %.2f%n", rate / ceiling);
    }

    private static long lastPolled(List<Poll> polls) {
        synchronized (polls) {
            return polls.isEmpty() ? -1 : polls.get(polls.size() - 1).orders();
        }
    }

    /**
     * The same kind of batches inserted by this client straight into the app's MongoDB (write concern majority, as
     * the app does) into a scratch collection with the indexes of {@code orders}, dropped afterwards: the ceiling
     * of the store itself, without the app's checks, idempotence look-ups, customers, products and frame.
     */
    private double insertManyCeiling(int size, int batches) throws Exception {
        String uri = option("mongo", "mongodb://127.0.0.1:27511");
        Random random = new Random(7);
        List<List<Document>> prepared = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            prepared.add(documents(batch(size, random, false)));
        }
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase db = client.getDatabase(option("database", "shoplens"));
            MongoCollection<Document> scratch = db.getCollection("bench_insert_ceiling")
                    .withWriteConcern(WriteConcern.MAJORITY);
            if (db.listCollectionNames().into(new ArrayList<>()).contains("bench_insert_ceiling")) {
                scratch.drop();
            }
            List<IndexModel> indexes = new ArrayList<>();
            for (Document index : db.getCollection("orders").listIndexes()) {
                if (!"_id_".equals(index.getString("name"))) {
                    indexes.add(new IndexModel(index.get("key", Document.class), new IndexOptions()
                            .name(index.getString("name"))));
                }
            }
            if (!indexes.isEmpty()) {
                scratch.createIndexes(indexes);
            }
            long t0 = System.nanoTime();
            for (List<Document> batch : prepared) {
                scratch.insertMany(batch, new InsertManyOptions().ordered(true));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            scratch.drop();
            double rate = batches * (double) size / seconds;
            System.out.printf("insertMany ceiling: %,d batches of %d orders straight into MongoDB (indexes %s), one"
                    + " client: %,.0f orders/s%n", batches, size, indexes.stream().map(i -> i.getKeys().toString())
                            .toList(), rate);
            return rate;
        }
    }

    // --- live pages: SSE clients while appending ----------------------------------------------------------------

    private void sse() throws Exception {
        int clients = intOption("sse", 100);
        int rate = intOption("rate", 1000);
        int size = intOption("batch", 500);
        int seconds = intOption("seconds", 30);
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger[] events = new AtomicInteger[clients];
        AtomicLong[] announced = new AtomicLong[clients];
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        CountDownLatch open = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            AtomicInteger count = events[c] = new AtomicInteger();
            AtomicLong sum = announced[c] = new AtomicLong();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/events"))
                    .header("Accept", "text/event-stream").GET().build();
            streams.add(http.sendAsync(request, info -> {
                if (info.statusCode() == 200) {
                    connected.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                open.countDown();
                return HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
                    String event = "";

                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        if (line.startsWith("event:")) {
                            event = line.substring(6).strip();
                        } else if (line.startsWith("data:") && event.equals("orders")) {
                            count.incrementAndGet();
                            Matcher m = EVENT_ORDERS.matcher(line);
                            if (m.find()) {
                                sum.addAndGet(Long.parseLong(m.group(1)));
                            }
                        } else if (line.isEmpty()) {
                            event = "";
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                });
            }).whenComplete((r, e) -> {
                if (e != null && open.getCount() > 0) {
                    failed.incrementAndGet();
                    open.countDown();
                }
            }));
        }
        open.await(30, TimeUnit.SECONDS);
        System.out.printf("event streams: %d of %d connected, %d failed%n", connected.get(), clients, failed.get());

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Random random = new Random(11);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicInteger late = new AtomicInteger();
        long period = TimeUnit.SECONDS.toNanos(1) * size / rate;
        long start = System.nanoTime();
        System.out.printf("appending %d orders/s (a batch of %d every %d ms) for %d s%n", rate, size,
                period / 1_000_000, seconds);
        System.out.flush();
        // Fixed rate: a batch that is not answered before the next is due delays it (counted as late).
        timer.scheduleAtFixedRate(() -> {
            long due = System.nanoTime();
            try {
                HttpResponse<String> r = post(batch(size, random, false), false);
                long took = System.nanoTime() - due;
                latencies.add(took / 1e6);
                if (took > period) {
                    late.incrementAndGet();
                }
                Matcher m = ANSWER.matcher(r.body());
                if (r.statusCode() == 200 && m.find()) {
                    accepted.addAndGet(Long.parseLong(m.group(1)));
                } else {
                    errors.incrementAndGet();
                    System.out.println("append answered " + r.statusCode());
                }
            } catch (Exception e) {
                errors.incrementAndGet();
                System.out.println("append failed: " + e);
            }
        }, 0, period, TimeUnit.NANOSECONDS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        timer.shutdown();
        timer.awaitTermination(30, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(3000); // the last second's event
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("appended: %,d orders in %.1f s = %,.0f orders/s, %d errors; answer p50 %.0f ms p95 %.0f ms"
                + " max %.0f ms, %d of %d batches answered after the next was due%n", accepted.get(), elapsed,
                accepted.get() / elapsed, errors.get(), pct(sorted, 50), pct(sorted, 95), pct(sorted, 100), late.get(),
                sorted.size());
        int[] counts = Arrays.stream(events).mapToInt(AtomicInteger::get).sorted().toArray();
        long[] sums = Arrays.stream(announced).mapToLong(AtomicLong::get).sorted().toArray();
        int still = 0;
        for (CompletableFuture<HttpResponse<Void>> s : streams) {
            if (!s.isDone()) {
                still++;
            }
        }
        System.out.printf("orders events per client: min %d  median %d  max %d (total %,d); orders announced per"
                + " client: min %,d  max %,d (appended %,d); streams still open at the end: %d of %d%n", counts[0],
                counts[counts.length / 2], counts[counts.length - 1], Arrays.stream(counts).sum(), sums[0],
                sums[sums.length - 1], accepted.get(), still, clients);
        streams.forEach(s -> s.cancel(true));
    }

    // --- HTTP --------------------------------------------------------------------------------------------------

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    private HttpResponse<String> post(String body, boolean ndjson) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/orders")).timeout(Duration.ofSeconds(60))
                .header("Authorization", auth)
                .header("Content-Type", ndjson ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
