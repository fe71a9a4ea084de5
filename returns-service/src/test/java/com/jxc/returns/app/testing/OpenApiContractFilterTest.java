package com.jxc.returns.app.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The check every HTTP test relies on catches each kind of contradiction, and nothing else. */
class OpenApiContractFilterTest {

    private static final String DESCRIPTION = """
            {"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/api/things":{"post":{
              "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
              "responses":{"201":{"description":"created","content":{"application/json":{"schema":{
                  "type":"object","properties":{"id":{"type":"string"}}}}}},
                "400":{"description":"bad","content":{"application/problem+json":{"schema":{"type":"object"}}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","additionalProperties":false,"required":["count"],
               "properties":{"count":{"type":"integer","minimum":1},
                 "labels":{"type":"object","additionalProperties":{"type":"integer"}}}}}}}""";

    @AfterEach
    void forget() {
        OpenApiContract.drain();
    }

    @Test
    void aValidExchangeIsNoViolation() throws Exception {
        exchange("{\"count\":1}", 201, "application/json", "{\"id\":\"T-1\"}");
        assertThat(OpenApiContract.drain()).isEmpty();
    }

    @Test
    void aRequestTheDescriptionCallsInvalidMustBeRefused() throws Exception {
        exchange("{\"count\":\"1\"}", 201, "application/json", "{\"id\":\"T-1\"}");
        assertThat(OpenApiContract.drain()).singleElement().asString().contains("calls this request invalid");
        exchange("{\"count\":\"1\"}", 400, "application/problem+json",
                "{\"type\":\"/problems/malformed-body\",\"errors\":[{\"field\":\"$.count\"}]}");
        assertThat(OpenApiContract.drain()).isEmpty();
    }

    @Test
    void aRequestTheDescriptionCallsValidMustNotBeRefusedForItsShape() throws Exception {
        exchange("{\"count\":2}", 400, "application/problem+json",
                "{\"type\":\"/problems/validation\",\"errors\":[{\"field\":\"$.count\"}]}");
        assertThat(OpenApiContract.drain()).singleElement().asString().contains("calls this request valid");
        // a map's keys are only described in words
        exchange("{\"count\":2,\"labels\":{\"$gt\":1}}", 400, "application/problem+json",
                "{\"type\":\"/problems/validation\",\"errors\":[{\"field\":\"$.labels['$gt']\"}]}");
        assertThat(OpenApiContract.drain()).isEmpty();
    }

    @Test
    void aResponseMustMatchTheDescription() throws Exception {
        exchange("{\"count\":1}", 201, "application/json", "{\"id\":7}");
        assertThat(OpenApiContract.drain()).singleElement().asString().contains("response contradicts");
        exchange("{\"count\":1}", 202, "application/json", "{\"id\":\"T-1\"}");
        assertThat(OpenApiContract.drain()).singleElement().asString().contains("response contradicts");
    }

    private static void exchange(String body, int status, String contentType, String answer) throws Exception {
        var request = new MockHttpServletRequest("POST", "/api/things");
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        var response = new MockHttpServletResponse();
        var filter = new OpenApiContractFilter(ignored -> DESCRIPTION);
        filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest in, HttpServletResponse out) throws IOException {
                in.getInputStream().readAllBytes();
                out.setStatus(status);
                out.setContentType(contentType);
                out.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
            }
        }));
    }
}
