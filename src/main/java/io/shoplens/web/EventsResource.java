package io.shoplens.web;

import java.math.BigDecimal;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.shoplens.churn.ChurnService;
import io.shoplens.churn.ModelCard;
import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;

/**
 * Server-Sent Events for pages that follow the shop: {@code orders} (sales orders and net revenue added since the
 * last event), {@code dataset} (a new version serves), {@code model} (a new churn model serves). Once a second the
 * serving frame and model are compared with what was last announced, so appends through other replicas (which this
 * one's frame follows) are announced too, and a burst of appends is one event.
 */
@Path("/api/events")
@Tag(name = "Events")
@Singleton
public class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class);

    @Inject
    Frames frames;
    @Inject
    ChurnService churn;
    @Inject
    ObjectMapper json;
    /** The runtime's, kept from the first subscription: the broadcasts go out on the scheduler's thread. */
    private Sse sse;

    private SseBroadcaster broadcaster;
    private OrderFrame announced;
    private long announcedModel = -1;

    public record OrdersEvent(long version, long orders, BigDecimal revenue, long totalOrders,
            BigDecimal totalRevenue, long appended) {
    }

    public record DatasetEvent(long version, long orders) {
    }

    public record ModelEvent(long version, long datasetVersion, double rocAuc) {
    }

    @PostConstruct
    void init() {
        announced = frames.current().orElse(null);
        announcedModel = -1;
    }

    @Operation(summary = "Server-Sent Events: orders, dataset, model",
            description = "orders: {version, orders, revenue (net, since the last event), totalOrders, totalRevenue, appended} about once a second while orders arrive; dataset: {version, orders} when a new dataset version serves; model: {version, datasetVersion, rocAuc} when a new churn model serves. EventSource reconnects by itself.")
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        broadcaster(sse).register(sink);
        // A first event at once, so that a client knows the stream is open (and a proxy flushes the headers).
        sink.send(sse.newEventBuilder().comment("connected").build());
    }

    private synchronized SseBroadcaster broadcaster(Sse sse) {
        if (broadcaster == null) {
            this.sse = sse;
            broadcaster = sse.newBroadcaster();
            broadcaster.onError((sink, e) -> LOG.debugf("An event stream closed: %s", e.getMessage()));
        }
        return broadcaster;
    }

    @Scheduled(identity = "events", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void announce() {
        Optional<OrderFrame> current = frames.current();
        if (broadcaster == null) {
            // Nobody listens yet: what serves now is what the first listener's events are measured from, else an
            // append just after the first subscription came as a "dataset" event (the frame of start-up unannounced).
            announced = current.orElse(null);
            return;
        }
        if (current.isPresent() && current.get() != announced) {
            OrderFrame now = current.get();
            OrderFrame before = announced;
            if (before == null || before.version() != now.version()) {
                send("dataset", new DatasetEvent(now.version(), now.orderCount()));
            } else if (now.orderCount() != before.orderCount()) {
                long total = now.netRevenueCents();
                send("orders", new OrdersEvent(now.version(), now.orderCount() - before.orderCount(),
                        OrderFrame.money(total - before.netRevenueCents()), now.orderCount(),
                        OrderFrame.money(total), now.appended()));
            }
            announced = now;
        }
        try {
            Optional<ModelCard> model = churn.servingModel();
            if (model.isPresent() && model.get().version() != announcedModel) {
                if (announcedModel >= 0) {
                    send("model", new ModelEvent(model.get().version(), model.get().datasetVersion(),
                            model.get().metrics().rocAuc()));
                }
                announcedModel = model.get().version();
            }
        } catch (RuntimeException databaseAway) {
            LOG.debugf("No model event this second: %s", databaseAway.getMessage());
        }
    }

    private void send(String name, Object data) {
        try {
            // The JSON as the event's text: a media type on the event made Quarkus add a non-standard
            // "content-type:" line to the stream.
            OutboundSseEvent event = sse.newEventBuilder().name(name).data(json.writeValueAsString(data)).build();
            broadcaster.broadcast(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
