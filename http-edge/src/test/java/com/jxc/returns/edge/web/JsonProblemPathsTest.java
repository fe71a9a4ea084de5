package com.jxc.returns.edge.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JsonProblemPathsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orderId | $.orderId",
            "lines[0].quantity | $.lines[0].quantity",
            "customer.name | $.customer.name",
            "policy.autoApproval.maxValue | $.policy.autoApproval.maxValue",
            "windowDaysByCategory[food] | $.windowDaysByCategory['food']",
            "windowDaysByCategory<K>[$gt] | $.windowDaysByCategory['$gt']",
            "lines[3].<list element> | $.lines[3]",
            "'' | $"})
    void bindingFieldsBecomeJsonPaths(String field, String path) {
        assertThat(JsonProblemPaths.jsonPath(field)).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cannot deserialize value of type `int` from String \"x\"",
            "No enum constant com.jxc.returns.api.returnrequest.ReturnReason.FOO",
            "could not execute statement; SQL [n/a]",
            "java.lang.NullPointerException",
            "Failed to convert value of type 'java.lang.String' to required type 'int'"})
    void internalsNeverBecomeADetail(String leaked) {
        assertThat(Problems.safeDetail(org.springframework.http.HttpStatus.BAD_REQUEST, leaked))
                .isEqualTo("The request is not valid.");
    }
}
