package com.jxc.returns.edge.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). Which roles may call an
 * operation is not written here: {@link RoleTable} asks the security filter chain itself, so the description
 * cannot drift from what is enforced.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String BASIC = "basicAuth";
    private static final Map<String, String> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put("400", "Bad input: malformed JSON, wrong types, invalid fields or parameters (`errors` lists them "
                + "with JSON paths or parameter names)");
        ERRORS.put("401", "No or wrong credentials");
        ERRORS.put("403", "The caller's role may not do this");
        ERRORS.put("404", "No such resource");
        ERRORS.put("409", "Does not fit the current state, or someone changed it at the same moment");
        ERRORS.put("412", "If-Match does not match the current version");
        ERRORS.put("413", "Request body above the configured limit");
        ERRORS.put("415", "Content type not accepted (send application/json)");
        ERRORS.put("422", "Breaks a business rule (`rule` names it)");
        ERRORS.put("503", "This instance does not serve this (a command-only or query-only instance), or is not "
                + "ready for it yet (`Retry-After`)");
        ERRORS.put("default", "Any other failure (405, 406, 500 …), also a problem document");
    }

    @Bean
    OpenAPI returnsOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Returns service API").version("v1").description("""
                        Event-sourced returns (退货) for a purchase–sales–inventory business. Every call needs HTTP \
                        Basic (or a bearer token in jwt mode); each operation lists the roles that may call it. \
                        Every error is application/problem+json with a stable `type`."""))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSchemas("Problem", problemSchema()))
                // relative: the description is right on whichever host and port serves it
                .servers(List.of(new Server().url("/")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    /** Ahead of swagger-core's own resolver, after springdoc's converters (which hand on to it). */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ModelConverter uniquelyNamedSchemas() {
        return new ApiModelResolver();
    }

    @Bean
    OpenApiCustomizer rolesErrorsAndExamples(List<SecurityFilterChain> chains) {
        Map<String, Map<String, Object>> examples = examples();
        OperationCatalog catalog = OperationCatalog.load();
        RoleTable roles = RoleTable.of(chains);
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String key = method.name() + " " + path;
                List<String> allowed = roles.allowed(method.name(), path);
                operation.addExtension("x-roles", allowed);
                String who = "Roles: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ".";
                operation.setDescription(operation.getDescription() == null ? who : operation.getDescription()
                        + "\n\n" + who);
                addErrors(method, path, operation);
                Map<String, Object> named = examples.get(key);
                if (named != null && operation.getRequestBody() != null) {
                    addExamples(operation.getRequestBody(), named);
                }
                if (key.equals("POST /api/admin/import")) {
                    // the body is read as JSON Lines whatever type it is declared as (curl sends form-encoded)
                    operation.setRequestBody(new RequestBody().required(true)
                            .description("An export (JSON Lines, one event per line); any declared content type is "
                                    + "read as such")
                            .content(new Content().addMediaType("application/x-ndjson",
                                            new MediaType().schema(new StringSchema().format("binary")))
                                    .addMediaType("*/*", new MediaType().schema(new Schema<>()
                                            .description("the same bytes")))));
                }
                textBodies(key, operation);
                catalog.apply(method, path, operation);
            }));
            catalog.applyTags(openApi);
            SchemaRules.apply(openApi);
            dropUnusedSchemas(openApi);
        };
    }

    /** Bodies that are not JSON documents, whatever the handler's Java return type suggests. */
    private static void textBodies(String key, Operation operation) {
        ApiResponse ok = operation.getResponses().get("200");
        if (ok == null) {
            return;
        }
        switch (key) {
            case "GET /api/admin/export" -> OperationCatalog.textContent(ok, "application/x-ndjson",
                    "One stored event per line, fields in a fixed order");
            case "GET /api/returns/{returnId}/updates" -> OperationCatalog.textContent(ok, "text/event-stream",
                    "Server-sent events; each event's data is the return as GET /api/returns/{returnId} answers it");
            default -> {
                if (ok.getContent() != null && ok.getContent().containsKey("text/csv")) {
                    // a media type object of its own: springdoc shares one between JSON and CSV
                    ok.getContent().addMediaType("text/csv", new MediaType().schema(new StringSchema()
                            .description("CSV, a header row first")));
                }
            }
        }
    }

    /** Schemas no operation refers to any more (replaced above) would only mislead. */
    @SuppressWarnings("rawtypes")
    private static void dropUnusedSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        try {
            String used = Json.mapper().writeValueAsString(openApi.getPaths())
                    + Json.mapper().writeValueAsString(schemas);
            schemas.keySet().removeIf(name -> !used.contains("\"#/components/schemas/" + name + "\""));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addErrors(PathItem.HttpMethod method, String path, Operation operation) {
        boolean command = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
        boolean addressed = path.contains("{");
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ERRORS.forEach((status, description) -> {
            boolean applies = switch (status) {
                case "400", "401", "403", "503", "default" -> true;
                case "404" -> addressed || command;
                default -> command;
            };
            if (applies && !responses.containsKey(status)) {
                responses.addApiResponse(status, new ApiResponse().description(description)
                        .content(new Content().addMediaType(PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
            }
        });
        operation.setResponses(responses);
    }

    private static void addExamples(RequestBody body, Map<String, Object> named) {
        if (body.getContent() == null) {
            return;
        }
        body.getContent().forEach((type, media) -> named.forEach((name, value) ->
                media.addExamples(name, new Example().summary(name).value(value))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        var error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("JSON path ($.lines[0].quantity) or parameter"))
                .addProperty("message", new StringSchema());
        return new ObjectSchema()
                .description("RFC 9457 problem document")
                .addProperty("type", new StringSchema().format("uri-reference").example("/problems/validation"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("The request has invalid fields."))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("rule", new StringSchema().description("the business rule, for 409/422 rule violations"))
                .addProperty("expectedVersion", new IntegerSchema().format("int64")
                        .description("412: the version If-Match named"))
                .addProperty("currentVersion", new IntegerSchema().format("int64")
                        .description("412: the version it is at now"))
                .addProperty("errors", new ArraySchema().items(error))
                .required(List.of("type", "title", "status", "detail"));
    }

    /** {@code openapi/examples.json}: "METHOD path" → example name → request body. */
    static Map<String, Map<String, Object>> examples() {
        try (InputStream in = ApiDocumentation.class.getResourceAsStream("/openapi/examples.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi/examples.json is missing");
            }
            return new ObjectMapper().readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
