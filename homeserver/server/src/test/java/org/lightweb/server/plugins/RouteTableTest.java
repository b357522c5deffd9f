package org.lightweb.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;

class RouteTableTest {
    private static final HttpRoutes.OpenHandler OK = req -> HttpResponse.empty(204);
    private static final EnumSet<RouteTable.Kind> ALL = EnumSet.allOf(RouteTable.Kind.class);

    @Test
    void pathParametersShouldBeDecodedWhenTheRouteMatches() {
        RouteTable t = new RouteTable();
        t.open("GET", "/v1/blobs/{repo}/{id}", OK);
        var m = t.matching("/v1/blobs/my%20repo/a+b", ALL);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).params()).containsEntry("repo", "my repo").containsEntry("id", "a+b");
        assertThat(t.matching("/v1/blobs/only-one", ALL)).isEmpty();
        assertThat(t.matching("/v1/blobs/a/b/c", ALL)).isEmpty();
        assertThat(t.matching("/v1/blobs//b", ALL)).isEmpty();
    }

    @Test
    void restParameterShouldTakeTheRemainingSegmentsWhenItEndsThePath() {
        RouteTable t = new RouteTable();
        t.open("PROPFIND", "/dav/{*rest}", OK);
        assertThat(t.matching("/dav/alice/contacts/", ALL).get(0).params()).containsEntry("rest", "alice/contacts/");
        assertThat(t.matching("/dav", ALL).get(0).params()).containsEntry("rest", "");
        assertThat(t.matching("/other", ALL)).isEmpty();
        assertThatThrownBy(() -> t.open("GET", "/{*rest}/more", OK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindsShouldKeepClientAndServerRoutesApartWhenMatching() {
        RouteTable t = new RouteTable();
        t.client("GET", "/x", (req, user) -> HttpResponse.empty(200));
        t.server("GET", "/x", (req, origin) -> HttpResponse.empty(200));
        assertThat(t.matching("/x", EnumSet.of(RouteTable.Kind.SERVER))).singleElement()
                .satisfies(m -> assertThat(m.route().kind()).isEqualTo(RouteTable.Kind.SERVER));
        assertThat(t.matching("/x", EnumSet.of(RouteTable.Kind.OPEN))).isEmpty();
    }

    @Test
    void registrationShouldBeRefusedWhenPathsAreTheNodesOrTheTableIsSealed() {
        RouteTable t = new RouteTable();
        assertThatThrownBy(() -> t.wellKnown("GET", "/.well-known/matrix/client", OK)).hasMessageContaining("node serves");
        assertThatThrownBy(() -> t.wellKnown("GET", "/elsewhere", OK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.open("GET", "no-slash", OK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.open("G E T", "/x", OK)).isInstanceOf(IllegalArgumentException.class);
        t.wellKnown("GET", "/.well-known/carddav", OK);
        t.seal();
        assertThatThrownBy(() -> t.open("GET", "/late", OK)).isInstanceOf(IllegalStateException.class);
        assertThat(t.routes()).hasSize(1);
    }
}
