package com.jxc.returns.app.security;

import com.jxc.returns.app.testing.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With users of its own configured, the sign-in page no longer names the development users nor says that passwords
 * equal user names (with the packaged users it does: {@code ContactMaskingHttpTest}).
 */
@ServiceTest(properties = {
        "returns.security.users[0].username=ops",
        "returns.security.users[0].password=a-long-configured-secret",
        "returns.security.users[0].roles[0]=ADMIN"})
class SignInPageWithConfiguredUsersHttpTest {

    @LocalServerPort
    int port;

    @Test
    void theSignInPageDoesNotNameDevelopmentUsersThatAreNotActive() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/login?lang=en")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"username\"")
                .doesNotContain("development-users", "Development users", "password = user name");
    }
}
