package io.shoplens.web;

import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.shoplens.ingest.Appender;
import io.shoplens.ingest.IngestConfig;
import io.shoplens.store.Appends;

/** New orders of a real shop, appended to the current dataset version. */
@Path("/api/orders")
@Tag(name = "Import and export")
public class OrdersResource {
    static final String NDJSON = "application/x-ndjson";

    @Inject
    Appender appender;
    @Inject
    IngestConfig config;

    @Operation(summary = "Append orders to the current dataset (admin)",
            description = "A JSON array, or NDJSON (Content-Type application/x-ndjson), of orders {id, customerId, date, country, lines: [{productId, productName, category, quantity, unitPrice}], promoCode, discount}. Unknown customers and products are created. Idempotent by order id: one stored with the same content is a duplicate and not added again, so a client may retry; one stored with other content is an error. Checked all or nothing per request; acknowledged once written.")
    @APIResponseSchema(value = Appends.Result.class, responseDescription = "Orders accepted, duplicates, and the dataset's orders after the append")
    @APIResponse(responseCode = "400", description = "Each problem named by the line of the request it is on; nothing was stored",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    @APIResponse(responseCode = "401", ref = "unauthenticated")
    @APIResponse(responseCode = "403", ref = "writesDisabled")
    @APIResponse(responseCode = "409", ref = "busy")
    @APIResponse(responseCode = "413", description = "The body is larger than shoplens.ingest.append.max-bytes")
    @APIResponse(responseCode = "503", ref = "unavailable")
    @POST
    @AdminOnly
    @Consumes({ MediaType.APPLICATION_JSON, NDJSON })
    @Produces(MediaType.APPLICATION_JSON)
    public Appends.Result append(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type)
            throws IOException {
        long max = config.append().maxBytes();
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new BodyLimit.BodyTooLargeException("The request body is larger than " + max + " bytes"
                    + " (shoplens.ingest.append.max-bytes); nothing was stored. Send the orders in several requests.");
        }
        return appender.append(bytes, type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(NDJSON));
    }
}
