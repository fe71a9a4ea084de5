package com.jxc.returns.edge.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.command.web.CommandDispatcher;
import com.jxc.returns.edge.idempotency.IdempotencyFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code openapi/operations.json}: each operation's tag, summary, the statuses its success takes (201 with
 * {@code Location}, 202) and the headers it reads and writes ({@code Idempotency-Key}, {@code ETag},
 * {@code Retry-After}); plus the headers every operation shares ({@code X-Correlation-Id}).
 */
final class OperationCatalog {

    static final String CORRELATION_ID = CommandDispatcher.CORRELATION_HEADER;
    static final String IDEMPOTENCY_KEY = IdempotencyFilter.HEADER;

    private final JsonNode catalog;

    private OperationCatalog(JsonNode catalog) {
        this.catalog = catalog;
    }

    static OperationCatalog load() {
        try (InputStream in = OperationCatalog.class.getResourceAsStream("/openapi/operations.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi/operations.json is missing");
            }
            return new OperationCatalog(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void applyTags(OpenAPI api) {
        var tags = new ArrayList<Tag>();
        Iterator<Map.Entry<String, JsonNode>> entries = catalog.path("tags").fields();
        entries.forEachRemaining(tag -> tags.add(new Tag().name(tag.getKey()).description(tag.getValue().asText())));
        api.setTags(tags);
    }

    /** Every operation of the description is in the catalog; one that is not keeps springdoc's guesses. */
    void apply(PathItem.HttpMethod method, String path, Operation operation) {
        JsonNode entry = catalog.path("operations").path(method.name() + " " + path);
        operation.addParametersItem(new HeaderParameter().name(CORRELATION_ID).required(false)
                .description("Ties together everything this request causes (echoed in the response, stored on every "
                        + "event); 1–64 of A-Z a-z 0-9 _ . : -, anything else is replaced by a new id")
                .schema(new StringSchema()));
        if (entry.isMissingNode()) {
            return;
        }
        operation.setTags(java.util.List.of(entry.path("tag").asText()));
        operation.setSummary(entry.path("summary").asText());
        ApiResponses responses = operation.getResponses();
        ApiResponse ok = responses.get("200");
        if (entry.path("created").asBoolean() && ok != null) {
            responses.remove("200");
            responses.addApiResponse("201", ok.description("Created")
                    .addHeaderObject("Location", header("Where the new resource is read")));
        }
        if (entry.hasNonNull("acceptedOnly") && ok != null) {
            responses.remove("200");
            responses.addApiResponse("202", ok.description(entry.path("acceptedOnly").asText()));
        } else if (entry.hasNonNull("accepted") && ok != null) {
            responses.addApiResponse("202", new ApiResponse().description(entry.path("accepted").asText())
                    .content(ok.getContent()));
        }
        if (entry.path("idempotent").asBoolean()) {
            operation.addParametersItem(new HeaderParameter().name(IDEMPOTENCY_KEY).required(false)
                    .description("Repeating a request with the same key returns the first response again "
                            + "(Idempotent-Replayed: true) and changes nothing")
                    .schema(new StringSchema().pattern("^" + IdempotencyFilter.KEY_PATTERN + "$")));
            responses.forEach((status, response) -> {
                if (status.startsWith("2")) {
                    response.addHeaderObject("Idempotent-Replayed",
                            header("true when this is the stored response to an earlier request with the same "
                                    + IDEMPOTENCY_KEY));
                }
            });
            ApiResponse inUse = responses.get("409");
            if (inUse != null) {
                inUse.addHeaderObject("Retry-After", header("Seconds to wait when the same Idempotency-Key is "
                        + "still being handled"));
            }
        }
        if (entry.path("etag").asBoolean() && ok != null) {
            ok.addHeaderObject("ETag", header("\"<version>\": send it as If-Match with a command on this return"));
        }
        responses.forEach((status, response) -> response.addHeaderObject(CORRELATION_ID,
                header("The request's correlation id, or the new one")));
        ApiResponse unavailable = responses.get("503");
        if (unavailable != null && entry.path("retryAfter").asBoolean()) {
            unavailable.addHeaderObject("Retry-After", header("Seconds to wait while the worklist index loads"));
        }
        ApiResponse stale = responses.get("412");
        if (stale != null) {
            stale.addHeaderObject("ETag", header("The current version"));
        }
    }

    /** A body that is not JSON: the export, server-sent events, CSV. */
    static void textContent(ApiResponse response, String mediaType, String description) {
        response.setContent(new Content().addMediaType(mediaType,
                new MediaType().schema(new StringSchema().description(description))));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new StringSchema());
    }

    boolean hasEntry(String key) {
        return !catalog.path("operations").path(key).isMissingNode();
    }
}
