package com.jxc.returns.edge.security;

import com.jxc.returns.api.common.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentUsersTest {

    private final List<SecurityProperties.User> builtIn = DevelopmentUsers.builtIn();

    @Test
    void theBuiltInUsersAreThoseOfThePackagedConfigurationWithTheirNamesAsPasswords() {
        assertThat(builtIn).extracting(SecurityProperties.User::username)
                .contains("cs", "reviewer", "warehouse", "finance", "auditor", "admin", "integration");
        assertThat(builtIn).allSatisfy(user -> assertThat(user.password()).isEqualTo(user.username()));
    }

    @Test
    void activeOnlyInBasicModeWithExactlyTheBuiltInUsers() {
        assertThat(DevelopmentUsers.active(new SecurityProperties("basic", builtIn, null), builtIn)).isTrue();
        assertThat(DevelopmentUsers.active(new SecurityProperties(null, builtIn, null), builtIn)).isTrue();

        assertThat(DevelopmentUsers.active(new SecurityProperties("jwt", builtIn, null), builtIn)).isFalse();
        var configured = List.of(new SecurityProperties.User("ops", "s3cret-Long", List.of(Role.ADMIN)));
        assertThat(DevelopmentUsers.active(new SecurityProperties("basic", configured, null), builtIn)).isFalse();
        var oneChanged = new ArrayList<>(builtIn);
        oneChanged.set(0, new SecurityProperties.User(builtIn.get(0).username(), "changed",
                builtIn.get(0).roles()));
        assertThat(DevelopmentUsers.active(new SecurityProperties("basic", oneChanged, null), builtIn)).isFalse();
        var oneMore = new ArrayList<>(builtIn);
        oneMore.add(new SecurityProperties.User("ops", "s3cret-Long", List.of(Role.ADMIN)));
        assertThat(DevelopmentUsers.active(new SecurityProperties("basic", oneMore, null), builtIn)).isFalse();
        assertThat(DevelopmentUsers.active(new SecurityProperties("basic", List.of(), null), List.of())).isFalse();
    }

    @Test
    void inJwtModeNoBuiltInUserMaySignInWithAPasswordButConfiguredOnesMay() {
        var ops = new SecurityProperties.User("ops", "s3cret-Long", List.of(Role.ADMIN));
        var both = new ArrayList<>(builtIn);
        both.add(ops);

        assertThat(DevelopmentUsers.passwordUsers(new SecurityProperties("jwt", both, null), builtIn))
                .containsExactly(ops);
        assertThat(DevelopmentUsers.passwordUsers(new SecurityProperties("basic", both, null), builtIn))
                .isEqualTo(both);
    }
}
