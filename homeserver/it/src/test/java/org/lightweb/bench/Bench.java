package org.lightweb.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark (scripts/bench): starts a lightweb node in its own JVM on a fresh database, and with
 * {@code -Dbench.synapse=true} (scripts/bench --vs-synapse) a Synapse set up the same way, runs the scenarios of
 * {@code -Dbench.scenarios} (default all: register, messages, fanout, initialsync, federation, memory) against each
 * in turn, and prints one table: figure | lightweb | synapse | ratio | goal. Every loop is bounded in count and
 * time; each scenario's -D knobs are in its class and in scripts/bench.
 */
public final class Bench {
    static final List<String> ALL = List.of("register", "messages", "fanout", "initialsync", "federation", "memory");
    /** The small-machine JVM settings of docs/operations.md (with MALLOC_ARENA_MAX=2): the idle-memory goal's. */
    static final String SMALL_MACHINE_JVM = "-Xms16m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
            + " -Xss512k -XX:TieredStopAtLevel=1";
    /** The same keeping the C2 compiler: more memory and a slower start, more throughput. */
    static final String SMALL_MACHINE_JVM_C2 = SMALL_MACHINE_JVM.replace(" -XX:TieredStopAtLevel=1", "");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Set<String> scenarios = new LinkedHashSet<>();
        for (String s : System.getProperty("bench.scenarios", String.join(",", ALL)).split(",")) {
            if (s.isBlank()) continue;
            if (!ALL.contains(s.trim())) throw new IllegalArgumentException("unknown scenario " + s + "; known: " + ALL);
            scenarios.add(s.trim());
        }
        boolean vsSynapse = Boolean.getBoolean("bench.synapse");
        String serverJvm = System.getProperty("bench.serverJvm", NodeProcess.DEFAULT_JVM);
        long settleMs = Long.getLong("bench.idleSettleMs", 3000);
        Results r = new Results();
        List<Server> servers = new ArrayList<>();
        long runStart = System.nanoTime();
        System.err.println("bench: " + Instant.now() + " scenarios " + scenarios + (vsSynapse ? ", against Synapse too" : ""));
        try {
            servers.add(NodeProcess.start(serverJvm));
            if (vsSynapse) {
                servers.add(SynapseProcess.start(Path.of(System.getProperty("bench.synapseVenv",
                        SynapseProcess.defaultVenv().toString()))));
            }
            for (Server s : servers) {
                r.add(s.kind(), "startup", "start-up to serving (process start -> first 200 of /versions)"
                        + (s.kind().equals("lightweb") ? ", bench JVM options" : ""), s.startupMillis(), "ms", false);
            }
            if (scenarios.contains("memory")) {
                Thread.sleep(settleMs);
                for (Server s : servers) {
                    r.add(s.kind(), "rss.idle.bench", "RSS idle after start-up" + (s.kind().equals("lightweb")
                            ? ", bench JVM options" : ""), ProcStats.rssMiB(s.pid()), "MiB", false);
                }
            }
            for (String scenario : scenarios) {
                if (scenario.equals("federation") || scenario.equals("memory")) continue;
                for (Server s : servers) {
                    long t = System.nanoTime();
                    System.err.println("bench: " + scenario + " on " + s.kind() + "...");
                    try {
                        switch (scenario) {
                            case "register" -> RegisterScenario.run(s, r);
                            case "messages" -> MessagesScenario.run(s, r);
                            case "fanout" -> FanOutScenario.run(s, r);
                            case "initialsync" -> InitialSyncScenario.run(s, r);
                            default -> throw new IllegalStateException(scenario);
                        }
                    } catch (RuntimeException e) {
                        // One server failing a scenario must not lose the other figures: say so in the table.
                        System.err.println("bench: " + scenario + " on " + s.kind() + " failed: " + e);
                        String why = String.valueOf(e.getMessage());
                        r.note(s.kind(), scenario + ".failed", scenario + " scenario",
                                "failed: " + why.substring(0, Math.min(60, why.length())) + " (see stderr)");
                    }
                    System.err.printf("bench: %s on %s took %.1f s%n", scenario, s.kind(), Load.seconds(System.nanoTime() - t));
                }
            }
            if (scenarios.contains("federation")) federation(servers, serverJvm, r);
            if (scenarios.contains("memory")) {
                for (Server s : servers) {
                    r.add(s.kind(), "rss.peak", "RSS peak during the run (VmHWM)" + (s.kind().equals("lightweb")
                            ? ", bench JVM options" : ""), ProcStats.peakRssMiB(s.pid()), "MiB", false);
                }
                operatorNodes(r, settleMs);
            }
        } finally {
            for (Server s : servers) s.stop();
        }
        goals(r);
        r.footnote("ratio: how many times better lightweb's figure is (higher rate, or lower time/memory). "
                + "Bench JVM options: " + serverJvm + "; small-machine JVM settings: "
                + System.getProperty("bench.memoryJvm", SMALL_MACHINE_JVM) + " (and MALLOC_ARENA_MAX=2). Whole run: "
                + Results.fmtNum(Load.seconds(System.nanoTime() - runStart)) + " s.");
        System.out.println();
        System.out.println(r.table(vsSynapse));
    }

    /** Builds the room on the bench's lightweb node, then a second lightweb node (and Synapse) joins it. */
    private static void federation(List<Server> servers, String serverJvm, Results r) throws Exception {
        System.err.println("bench: federation: building the room...");
        Server origin = servers.get(0);
        FederatedJoinScenario.Room room = FederatedJoinScenario.build(origin, r);
        Server second = NodeProcess.start(System.getProperty("bench.joinerJvm", serverJvm));
        try {
            System.err.println("bench: federation: a second lightweb node joins...");
            FederatedJoinScenario.join(second, room, r);
        } finally {
            second.stop();
        }
        for (Server s : servers) {
            if (s.kind().equals("synapse")) {
                System.err.println("bench: federation: Synapse joins...");
                FederatedJoinScenario.join(s, room, r);
            }
        }
    }

    /**
     * Fresh nodes with the JVM settings docs/operations.md gives operators ("Memory and start-up"): start-up on a new
     * database and again on the existing one, and RSS once idle. The first profile carries the goals.
     */
    private static void operatorNodes(Results r, long settleMs) throws Exception {
        java.nio.file.Path archive = NodeProcess.classDataArchive();
        if (!java.nio.file.Files.exists(archive)) {
            // scripts/lightweb's first run writes the class-data archive when it stops; the figures are of the runs after.
            System.err.println("bench: a first operator start, which writes the class-data archive...");
            NodeProcess.startAsOperator(System.getProperty("bench.memoryJvm", SMALL_MACHINE_JVM), Map.of()).stop();
        }
        String[][] profiles = {
                {"small", "small-machine JVM settings", System.getProperty("bench.memoryJvm", SMALL_MACHINE_JVM)},
                {"c2", "small-machine settings with C2", System.getProperty("bench.memoryJvmC2", SMALL_MACHINE_JVM_C2)}};
        for (String[] p : profiles) {
            NodeProcess node = NodeProcess.startAsOperator(p[2], Map.of("MALLOC_ARENA_MAX", "2"));
            try {
                r.add("lightweb", "startup." + p[0], "start-up to serving, new database, " + p[1], node.startupMillis(), "ms", false);
                Thread.sleep(settleMs);
                r.add("lightweb", "rss.idle." + p[0], "RSS idle after start-up, " + p[1], ProcStats.rssMiB(node.pid()), "MiB", false);
                node = node.restart();
                r.add("lightweb", "restart." + p[0], "start-up to serving, existing database, " + p[1], node.startupMillis(), "ms", false);
            } finally {
                node.stop();
            }
        }
        r.footnote("Operator nodes (the small-machine rows) start as operators start them, with scripts/lightweb run: the "
                + "packaged jar, " + (java.nio.file.Files.exists(archive) ? "mapping the class-data archive an earlier run wrote."
                : "without a class-data archive (none could be written)."));
    }

    private static void goals(Results r) {
        r.goal("msg.one.rate", Results.Goal.timesSynapse(20));
        r.goal("msg.many.rate", Results.Goal.timesSynapse(20));
        r.goal("fan.p99", Results.Goal.under(20, "under 20 ms"));
        r.goal("isync.plain", Results.Goal.under(300, "under 300 ms"));
        r.goal("rss.idle.small", Results.Goal.under(150, "under 150 MiB"));
        r.goal("startup.small", Results.Goal.under(2000, "under 2 s"));
        r.goal("restart.small", Results.Goal.under(2000, "under 2 s"));
        r.goal("startup", Results.Goal.under(2000, "under 2 s"));
        r.goal("fed.synced", Results.Goal.under(5000, "under 5 s"));
    }
}
