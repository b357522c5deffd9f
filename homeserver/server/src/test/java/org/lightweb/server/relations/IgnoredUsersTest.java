package org.lightweb.server.relations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IgnoredUsersTest {
    @Test
    void ignoredUsersShouldBeTheKeysOfIgnoredUsersWhenPresent() {
        assertThat(IgnoredUsers.parse("{\"ignored_users\":{\"@a:x\":{},\"@b:x\":{}}}")).containsExactlyInAnyOrder("@a:x", "@b:x");
    }

    @Test
    void ignoredUsersShouldBeEmptyWhenTheContentIsMalformed() {
        assertThat(IgnoredUsers.parse("{}")).isEmpty();
        assertThat(IgnoredUsers.parse("{\"ignored_users\":[\"@a:x\"]}")).isEmpty();
    }
}
