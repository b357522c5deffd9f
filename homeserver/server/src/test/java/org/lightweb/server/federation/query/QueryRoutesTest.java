package org.lightweb.server.federation.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.e2ee.E2eeFeature;
import org.lightweb.server.e2ee.RemoteKeys;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.ErrorRendering;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.EventFactory;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.server.rooms.RoomVersions;
import org.lightweb.server.rooms.directory.AliasService;
import org.lightweb.server.rooms.directory.RoomListPermission;
import org.lightweb.server.sync.LocalNotifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.storage.accounts.NewAccount;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.JooqRoomRepository;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.sync.JooqDeviceListRepository;
import org.lightweb.storage.testing.TestStorage;

/** The federation queries over HTTP, with the origin set as the X-Matrix handler would set it. */
class QueryRoutesTest {
    private static final ServerName KASLO = new ServerName("kaslo");
    private static final TestStorage storage = TestStorage.sqlite();
    private static HttpServer server;
    private static long aliceDeviceStream;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        storage.open();
        var caches = RoomCaches.none();
        var events = new JooqEventRepository(storage.db(), storage.clock(), new StateGroups(10, 100), 100, caches);
        var rooms = new JooqRoomRepository(storage.db(), caches);
        var key = org.lightweb.federation.protocol.SigningKey.generate();
        var roomEvents = new RoomEvents(events, new RoomVersions(rooms), new EventFactory(KASLO, key,
                new org.lightweb.federation.protocol.auth.AuthRules((e, s) -> false), storage.clock()), new RoomLinearizer(),
                storage.clock());
        ProfileService profiles = new ProfileService(KASLO, storage.accounts(), storage.profiles(),
                new HomeserverConfig.Limits(1 << 20, 256, 1000, 65536));
        await(storage.accounts().register(new NewAccount(UserId.of("alice", KASLO), null, false, false, null, null, "Alice",
                Optional.empty(), Optional.empty(), Optional.empty())));
        Aliases aliases = new Aliases(KASLO, rooms, storage.clock());
        await(rooms.createAlias("#lobby:kaslo", "!lobby:kaslo", "@alice:kaslo", 1));
        AliasService aliasService = new AliasService(KASLO, aliases, rooms, events, roomEvents, new RoomListPermission(rooms, roomEvents));
        StreamHeads heads = new StreamHeads();
        DeviceLists deviceLists = new DeviceLists(new JooqDeviceListRepository(storage.db()), rooms, heads,
                new LocalNotifier(storage.vertx(), heads));
        E2eeFeature e2ee = new E2eeFeature(storage.db(), KASLO, deviceLists, RemoteKeys.NONE, storage.clock(), 100);
        Router router = Router.router(storage.vertx());
        router.route().handler(BodyHandler.create(false));
        router.route().handler(ctx -> {
            String origin = ctx.request().getHeader("X-Test-Origin");
            if (origin != null) ctx.put(Origin.KEY, origin);
            ctx.next();
        });
        var announced = new org.lightweb.storage.federation.JooqFederationEduRepository(storage.db());
        aliceDeviceStream = await(announced.announceDevices("@alice:kaslo", Map.of("ALICEDEV", "d1"))).get(0).streamId();
        new QueryRoutes(KASLO, profiles, aliasService, e2ee.keys(), announced::announcedDeviceStream).mount(router);
        router.route().failureHandler(ErrorRendering::handle);
        server = await(storage.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        await(server.close());
        storage.close();
    }

    private record Answer(int status, JsonNode json) {}

    private static Answer send(String method, String path, String origin, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) b.header("X-Test-Origin", origin);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? Json.object() : Json.parse(r.body()));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void profileQueryShouldBeUnauthorizedWithoutAnOrigin() throws Exception {
        Answer a = send("GET", "/_matrix/federation/v1/query/profile?user_id=" + q("@alice:kaslo"), null, null);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.json().path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
    }

    @Test
    void profileQueryShouldAnswerTheLocalUsersProfileAndOneFieldWhenAsked() throws Exception {
        Answer all = send("GET", "/_matrix/federation/v1/query/profile?user_id=" + q("@alice:kaslo"), "nelson", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().path("displayname").asText()).isEqualTo("Alice");
        Answer one = send("GET", "/_matrix/federation/v1/query/profile?field=avatar_url&user_id=" + q("@alice:kaslo"), "nelson", null);
        assertThat(one.json().has("displayname")).isFalse();
    }

    @Test
    void profileQueryShouldBeNotFoundForUnknownUsersAndRefusedForOtherServersUsers() throws Exception {
        assertThat(send("GET", "/_matrix/federation/v1/query/profile?user_id=" + q("@nobody:kaslo"), "nelson", null).status())
                .isEqualTo(404);
        Answer other = send("GET", "/_matrix/federation/v1/query/profile?user_id=" + q("@bob:nelson"), "nelson", null);
        assertThat(other.status()).isEqualTo(400);
    }

    @Test
    void directoryQueryShouldAnswerTheRoomOfALocalAliasAndNotFoundForOthers() throws Exception {
        Answer found = send("GET", "/_matrix/federation/v1/query/directory?room_alias=" + q("#lobby:kaslo"), "nelson", null);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("room_id").asText()).isEqualTo("!lobby:kaslo");
        assertThat(found.json().path("servers").get(0).asText()).isEqualTo("kaslo");
        assertThat(send("GET", "/_matrix/federation/v1/query/directory?room_alias=" + q("#nope:kaslo"), "nelson", null).status())
                .isEqualTo(404);
        assertThat(send("GET", "/_matrix/federation/v1/query/directory?room_alias=" + q("#lobby:nelson"), "nelson", null).status())
                .isEqualTo(404);
    }

    @Test
    void keysQueryShouldAnswerOnlyLocalUsers() throws Exception {
        Answer a = send("POST", "/_matrix/federation/v1/user/keys/query", "nelson",
                "{\"device_keys\":{\"@alice:kaslo\":[],\"@bob:elsewhere\":[]}}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("device_keys").has("@alice:kaslo")).isTrue();
        assertThat(a.json().path("device_keys").has("@bob:elsewhere")).isFalse();
        assertThat(a.json().has("failures")).isFalse();
    }

    @Test
    void userDevicesShouldListTheLocalUsersDevices() throws Exception {
        Answer a = send("GET", "/_matrix/federation/v1/user/devices/" + q("@alice:kaslo"), "nelson", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("user_id").asText()).isEqualTo("@alice:kaslo");
        assertThat(a.json().path("devices").isArray()).isTrue();
        assertThat(a.json().path("stream_id").asLong()).as("the last announced update, for the next to chain on")
                .isEqualTo(aliceDeviceStream).isPositive();
    }
}
