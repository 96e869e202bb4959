package io.shoplens.web;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.shoplens.common.Quote;
import io.shoplens.churn.ChurnPrediction;
import io.shoplens.churn.ChurnService;
import io.shoplens.clv.ClvService;
import io.shoplens.clv.CustomerClv;
import io.shoplens.common.ValidationException;
import io.shoplens.frame.Frames;
import io.shoplens.segment.CustomerSegment;
import io.shoplens.segment.SegmentService;
import io.shoplens.store.Order;
import io.shoplens.web.ChartSpec.Series;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

@Path("/")
@Tag(name = "Customers")
public class CustomerResource {
    static final int MAX_PAGE_SIZE = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance customers(Page page, SegmentService.CustomerPage result, String q,
                String segment, List<String> segments, String error);

        static native TemplateInstance customer(Page page, CustomerSegment customer, List<Order> orders,
                String timeline, ChurnPrediction risk, CustomerClv clv);
    }

    /**
     * A customer as the API shows it: profile and segments, churn risk (null before a model), lifetime value (null for
     * a customer without orders and until computed), order history.
     */
    public record CustomerDetail(CustomerSegment customer, ChurnPrediction churn, CustomerClv clv, List<Order> orders) {
    }

    @Inject
    Pages pages;
    @Inject
    SegmentService segments;
    @Inject
    Charts charts;
    @Inject
    ChurnService churn;
    @Inject
    ClvService clv;
    @Inject
    Frames frames;

    @Operation(hidden = true)
    @GET
    @Path("customers")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("segment") String segment,
            @QueryParam("page") @DefaultValue("0") String page) {
        Page view = pages.page("Customers", "customers");
        if (!view.hasData() || segments.summary().isEmpty()) {
            return Templates.customers(view, null, q, segment, SegmentService.segmentNames(), null);
        }
        try {
            return Templates.customers(view, segments.search(q, segment, pageNumber(page, 25), 25), q, segment,
                    SegmentService.segmentNames(), null);
        } catch (ValidationException e) {
            return Templates.customers(view, segments.search(q, null, 0, 25), q, null, SegmentService.segmentNames(),
                    e.getMessage());
        }
    }

    @Operation(hidden = true)
    @GET
    @Path("customers/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance detail(@PathParam("id") String id) {
        CustomerSegment customer = find(id);
        List<Order> orders = orders(id);
        String timeline = charts.json(ChartSpec.of("bar", orders.stream().map(o -> o.date.toString().substring(0, 10))
                .toList()).money()
                .series(Series.of("Order total", orders.stream().map(o -> o.total).toList())).build());
        List<Order> newestFirst = new java.util.ArrayList<>(orders);
        java.util.Collections.reverse(newestFirst);
        return Templates.customer(pages.page(customer.name, "customers"), customer, newestFirst, timeline,
                churn.prediction(id).orElse(null), clv.customer(id).orElse(null));
    }

    @Operation(summary = "Search customers",
            description = "q matches id, name or email; segment filters by persona or RFM segment; page from 0, size 1 to 200 (default 25).")
    @APIResponseSchema(value = SegmentService.CustomerPage.class, responseDescription = "One page of customers")
    @APIResponse(responseCode = "400", ref = "invalid")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/customers")
    @Produces(MediaType.APPLICATION_JSON)
    public SegmentService.CustomerPage search(@QueryParam("q") String q, @QueryParam("segment") String segment,
            @QueryParam("page") @DefaultValue("0") String page, @QueryParam("size") @DefaultValue("25") String size) {
        int pageSize = Params.wholeNumber("size", size);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new ValidationException("size", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + Quote.of(size));
        }
        return segments.search(q, segment, pageNumber(page, pageSize), pageSize);
    }

    @Operation(summary = "One customer with segment, churn risk, lifetime value and orders")
    @APIResponseSchema(value = CustomerDetail.class, responseDescription = "The customer")
    @APIResponse(responseCode = "404", description = "No such customer",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    @APIResponse(responseCode = "503", ref = "unavailable")
    @GET
    @Path("api/customers/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public CustomerDetail customer(@PathParam("id") String id) {
        return new CustomerDetail(find(id), churn.prediction(id).orElse(null), clv.customer(id).orElse(null),
                orders(id));
    }

    private CustomerSegment find(String id) {
        if (segments.summary().isEmpty()) {
            frames.require();
            throw new Frames.AnalysisUnavailableException("The customers are being segmented; try again in a few"
                    + " seconds.");
        }
        return segments.customer(id).orElseThrow(() -> new NotFoundException("No customer with id " + Quote.of(id)));
    }

    private List<Order> orders(String customerId) {
        return frames.require().ordersOf(customerId);
    }

    /** A page whose first row lies beyond an int would overflow the offset into a small page number. */
    private static int pageNumber(String page, int size) {
        int number = Params.wholeNumber("page", page);
        int last = Integer.MAX_VALUE / size;
        if (number < 0 || number > last) {
            throw new ValidationException("page", "must be between 0 and " + last + " at size " + size + ", was "
                    + number);
        }
        return number;
    }
}
