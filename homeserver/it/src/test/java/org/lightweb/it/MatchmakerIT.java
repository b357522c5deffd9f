package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.backup.client.TestTrees;

/**
 * Three real nodes, kaslo, nelson and castlegar, each running the matchmaker and file-backup jars: kaslo hosts the
 * backup exchange and the others join it over federation; every node computes the same proposals; admins accept one
 * with !match commands; its two nodes replicate to each other (ciphertext only); then one of them is stopped, its
 * partner's challenges fail, and after replace_after a replacement with the third node is proposed and the admins
 * are told. Forged and malformed offers are ignored and reported.
 */
class MatchmakerIT {
    static final int KASLO_PORT = FederatingNodes.freePort();
    static final int NELSON_PORT = FederatingNodes.freePort();
    static final int CASTLEGAR_PORT = FederatingNodes.freePort();
    static final String EXCHANGE = "#backup-exchange:127.0.0.1:" + KASLO_PORT;
    static final Path PLUGINS = pluginDirectory();
    static final Pattern PROPOSAL = Pattern.compile("([0-9a-f]{16}) (\\S+) <-> (\\S+) (new|pending|agreed|declined|ended)");

    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node(KASLO_PORT, c -> configure(c, "north", true));
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(NELSON_PORT, c -> configure(c, "west", false));
    @RegisterExtension
    static final TestNode castlegar = FederatingNodes.node(CASTLEGAR_PORT, c -> configure(c, "boundary", false));

    @TempDir
    Path tmp;

    static void configure(ObjectNode c, String region, boolean host) {
        ObjectNode p = c.putObject("plugins");
        p.put("directory", PLUGINS.toString());
        ObjectNode config = p.putObject("config");
        config.putObject("file-backup").put("replication_interval", "1s").put("challenge_interval", "1s").put("challenge_blobs", 5);
        ObjectNode m = config.putObject("matchmaker");
        if (host) m.put("host_exchange", "backup-exchange");
        else m.putArray("exchange_rooms").add(EXCHANGE);
        m.put("region", region).put("offer_bytes", 1L << 30).put("need_bytes", 100L << 20).put("copies", 1).put("max_partners", 1)
                .put("interval", "1s").put("replace_after", "3s");
    }

    static Path pluginDirectory() {
        Path dir = FileBackupIT.pluginDirectory();
        Path target = Path.of(System.getProperty("lightweb.repo.root", "../..")).resolve("appservices/matchmaker/target");
        try (var files = Files.list(target)) {
            Path jar = files.filter(f -> f.getFileName().toString().matches("lightweb-matchmaker-[^-]+(-SNAPSHOT)?\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no matchmaker jar in " + target + ": build it first"));
            Files.copy(jar, dir.resolve("matchmaker.jar"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T eventually(Supplier<T> value, Predicate<T> ok, Duration within) throws InterruptedException {
        return eventually(value, ok, within, List.of());
    }

    /** {@code context}: what to show besides the last value when it is not reached. */
    static <T> T eventually(Supplier<T> value, Predicate<T> ok, Duration within, List<String> context) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        T v = value.get();
        while (!ok.test(v) && System.nanoTime() < end) {
            Thread.sleep(200);
            v = value.get();
        }
        assertThat(ok.test(v)).as("not reached within " + within + ", last: " + v + "\n" + String.join("\n", context)).isTrue();
        return v;
    }

    static String match(TestNode node, String admin, String... args) {
        var reply = PluginsIT.command(node, admin, "match", args);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("text").asText();
    }

    /** The proposals a node computes or sees, as "id a b". */
    static TreeSet<String> proposals(TestNode node, String admin) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = PROPOSAL.matcher(match(node, admin, "proposals"));
        while (m.find()) out.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        return out;
    }

    static Map<String, TestNode> nodes() {
        return Map.of(kaslo.serverName(), kaslo, nelson.serverName(), nelson, castlegar.serverName(), castlegar);
    }

    @Test
    void nodesShouldAgreeOnProposalsReplicateOnceAcceptedAndReplaceAFailingPartner() throws Exception {
        Map<String, String> admins = new HashMap<>();
        for (TestNode n : List.of(kaslo, nelson, castlegar)) admins.put(n.serverName(), AdminIT.registerWithSharedSecret(n, "root", "password123", true));

        // every node sees the three offers
        for (TestNode n : List.of(kaslo, nelson, castlegar)) {
            eventually(() -> match(n, admins.get(n.serverName()), "offers"), t -> t.contains(": 3 offers"), Duration.ofSeconds(60));
        }

        // a user of castlegar speaks for other servers in the exchange: ignored and reported
        var mallory = castlegar.client().register("mallory", "password123");
        String room = kaslo.client().get("/_matrix/client/v3/directory/room/" + java.net.URLEncoder.encode(EXCHANGE, StandardCharsets.UTF_8)
                .replace("+", "%20")).json().path("room_id").asText();
        assertThat(castlegar.client().post("/_matrix/client/v3/join/" + java.net.URLEncoder.encode(EXCHANGE, StandardCharsets.UTF_8),
                mallory.accessToken(), Map.of()).status()).isEqualTo(200);
        var forged = castlegar.client().put("/_matrix/client/v3/rooms/" + room + "/state/org.lightweb.backup.offer/127.0.0.1:1",
                mallory.accessToken(), Map.of("offer_bytes", 1L << 40, "need_bytes", 0, "copies", 1, "region", "north"));
        assertThat(forged.status()).as(forged.body()).isEqualTo(200);
        var malformed = castlegar.client().put("/_matrix/client/v3/rooms/" + room + "/state/org.lightweb.backup.offer/not%20a%20server",
                mallory.accessToken(), Map.of("offer_bytes", "lots"));
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(200);
        String offers = eventually(() -> match(kaslo, admins.get(kaslo.serverName()), "offers"),
                t -> t.contains("ignored: offer for 127.0.0.1:1 sent by " + mallory.userId()) && t.contains("not a server name"), Duration.ofSeconds(30));
        assertThat(offers).contains(": 3 offers");

        // every node computes the same proposals
        List<String> seen = new ArrayList<>();
        TreeSet<String> same = eventually(() -> {
            List<TreeSet<String>> all = new ArrayList<>();
            seen.clear();
            for (TestNode n : List.of(kaslo, nelson, castlegar)) {
                all.add(proposals(n, admins.get(n.serverName())));
                seen.add(n.serverName() + ":\n" + match(n, admins.get(n.serverName()), "proposals"));
            }
            return all.get(0).equals(all.get(1)) && all.get(1).equals(all.get(2)) ? all.get(0) : new TreeSet<String>();
        }, s -> !s.isEmpty(), Duration.ofSeconds(60), seen);

        // admins accept the first; any other (posted in a race) is declined by its sides
        List<String[]> list = same.stream().map(s -> s.split(" ")).toList();
        String[] chosen = list.get(0);
        for (String[] p : list.subList(1, list.size())) {
            for (String side : List.of(p[1], p[2])) {
                String reply = match(nodes().get(side), admins.get(side), "decline", p[0]);
                assertThat(reply).containsAnyOf("Declined", "already declined");
            }
        }
        String first = match(nodes().get(chosen[1]), admins.get(chosen[1]), "accept", chosen[0]);
        assertThat(first).contains("Accepted; waiting for " + chosen[2]);
        String second = match(nodes().get(chosen[2]), admins.get(chosen[2]), "accept", chosen[0]);
        // agreed at once, or when the first side's decision arrives over federation
        assertThat(second).containsAnyOf("Agreed with " + chosen[1], "Accepted; waiting for " + chosen[1]);
        for (TestNode n : List.of(kaslo, nelson, castlegar)) {
            eventually(() -> match(n, admins.get(n.serverName()), "proposals"), t -> t.contains(chosen[0] + " " + chosen[1] + " <-> " + chosen[2] + " agreed"),
                    Duration.ofSeconds(30));
        }

        // X keeps its members' backups at Y; Z is the third node, never proposed with X
        String z = nodes().keySet().stream().filter(s -> !s.equals(chosen[1]) && !s.equals(chosen[2])).findFirst().orElseThrow();
        boolean firstWithZ = same.stream().anyMatch(s -> s.contains(chosen[1]) && s.contains(z));
        String x = firstWithZ ? chosen[2] : chosen[1];
        String y = x.equals(chosen[1]) ? chosen[2] : chosen[1];
        TestNode home = nodes().get(x);
        TestNode partner = nodes().get(y);

        home.client().register("alice", "password123");
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString(), "LIGHTWEB_BACKUP_PASSWORD", FileBackupIT.PASSPHRASE));
        String state = tmp.resolve("state.json").toString();
        cli(env, "--server", home.baseUrl(), "--user", "alice", "--password", "password123", "--state", state, "login");
        cli(env, Stream.concat(Stream.of("--state", state, "--repo", "home", "init"), Stream.of(FileBackupIT.SMALL_REPO)).toArray(String[]::new));
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 20, 3);
        cli(env, "--state", state, "--repo", "home", "push", src.toString());
        List<Path> replicas = eventually(() -> FileBackupReplicationIT.replicaFiles(partner), l -> l.stream().anyMatch(p -> p.getParent().getFileName().toString().equals("snapshots")), Duration.ofSeconds(30));
        byte[] marker = TestTrees.MARKER.getBytes(StandardCharsets.UTF_8);
        for (Path f : replicas) assertThat(FileBackupIT.contains(Files.readAllBytes(f), marker)).as(f.toString()).isFalse();
        eventually(() -> match(home, admins.get(x), "offers"), t -> t.contains(y + " (") && !t.contains("reports failing"), Duration.ofSeconds(10));

        // Y goes away: X's challenges fail; after replace_after, X reports it and a replacement X <-> Z is proposed
        partner.stopKeepingData();
        String replacement = eventually(() -> match(home, admins.get(x), "proposals"),
                t -> t.contains("replaces " + chosen[0]), Duration.ofSeconds(60));
        String lo = x.compareTo(z) < 0 ? x : z;
        String hi = lo.equals(x) ? z : x;
        assertThat(replacement).containsPattern("[0-9a-f]{16} " + Pattern.quote(lo) + " <-> " + Pattern.quote(hi) + " (new|pending)");
        TestNode third = nodes().get(z);
        eventually(() -> match(third, admins.get(z), "proposals"), t -> t.contains("replaces " + chosen[0]), Duration.ofSeconds(30));
        eventually(() -> notices(home, admins.get(x)), t -> t.contains("failed its proof-of-storage challenges"), Duration.ofSeconds(30));
    }

    /** The text of every notice in the rooms the admin was invited to by the matchmaker (joining them first). */
    static String notices(TestNode node, String admin) {
        JsonNode sync = node.client().get("/_matrix/client/v3/sync?timeout=0", admin).json();
        StringBuilder all = new StringBuilder();
        for (var it = sync.path("rooms").path("invite").fieldNames(); it.hasNext(); ) {
            String r = it.next();
            node.client().post("/_matrix/client/v3/join/" + r, admin, Map.of());
        }
        for (var it = sync.path("rooms").path("join").fieldNames(); it.hasNext(); ) {
            String r = it.next();
            JsonNode msgs = node.client().get("/_matrix/client/v3/rooms/" + r + "/messages?dir=b&limit=100", admin).json();
            for (JsonNode e : msgs.path("chunk")) all.append(e.path("content").path("body").asText("")).append('\n');
        }
        return all.toString();
    }

    void cli(Map<String, String> env, String... args) {
        CliRun.ok(env, args);
    }
}
