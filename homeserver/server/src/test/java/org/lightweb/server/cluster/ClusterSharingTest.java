package org.lightweb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.server.appservice.Appservices;
import org.lightweb.server.federation.ServerBlocks;
import org.lightweb.storage.appservice.JooqAppserviceRepository;
import org.lightweb.storage.federation.JooqFederationAdminRepository;
import org.lightweb.storage.testing.TestClock;
import org.lightweb.storage.testing.TestStorage;

/** What admins change at runtime through one process of a cluster holds in the others: two "processes" on one bus and database. */
class ClusterSharingTest {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void eventually(BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within 5 s");
            Thread.sleep(10);
        }
    }

    @Test
    void aServerBlockedThroughOneProcessShouldBeBlockedInTheOtherWhenShared() throws Exception {
        var repo = new JooqFederationAdminRepository(storage.db());
        ServerBlocks one = new ServerBlocks(repo, new TestClock());
        ServerBlocks two = new ServerBlocks(repo, new TestClock());
        one.share(new ClusterBus(storage.vertx()));
        two.share(new ClusterBus(storage.vertx()));

        await(one.block("spam.example", "@admin:kaslo"));
        eventually(() -> two.isBlocked("spam.example"));
        await(two.unblock("spam.example"));
        eventually(() -> !one.isBlocked("spam.example"));
    }

    @Test
    void anAppserviceRegisteredThroughOneProcessShouldBeKnownToTheOtherWhenShared() throws Exception {
        var repo = new JooqAppserviceRepository(storage.db());
        Appservices one = new Appservices("kaslo.example", List.<Path>of(), repo, new TestClock());
        Appservices two = new Appservices("kaslo.example", List.<Path>of(), repo, new TestClock());
        one.share(new ClusterBus(storage.vertx()));
        two.share(new ClusterBus(storage.vertx()));

        await(one.register("""
                id: bridge
                url: null
                as_token: the-as-token
                hs_token: the-hs-token
                sender_localpart: bridgebot
                namespaces: {users: [{exclusive: true, regex: "@bridge_.*"}]}
                """));
        eventually(() -> two.byAsToken("the-as-token").isPresent());
        await(two.unregister("bridge"));
        eventually(() -> one.byAsToken("the-as-token").isEmpty());
    }
}
