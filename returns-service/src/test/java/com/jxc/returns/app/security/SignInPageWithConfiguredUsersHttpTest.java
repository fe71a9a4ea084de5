package com.jxc.returns.app.security;

import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With users of its own configured, the sign-in page no longer names the development users nor says that passwords
 * equal user names (with the packaged users it does: {@code ContactMaskingHttpTest}).
 */
@ServiceTest(properties = {
        "returns.security.users[0].username=ops",
        "returns.security.users[0].password=a-long-configured-secret",
        "returns.security.users[0].roles[0]=ADMIN"})
class SignInPageWithConfiguredUsersHttpTest extends ServiceOverHttp {


    @Test
    void theSignInPageDoesNotNameDevelopmentUsersThatAreNotActive() throws Exception {
        var page = http.get("/login?lang=en", null, "*/*");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"username\"")
                .doesNotContain("development-users", "Development users", "password = user name");
    }
}
