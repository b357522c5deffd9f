package org.lightweb.backup.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code group} commands of {@code lightweb backup} and the opening of a group repository ({@code --group
 * ROOM_ID}): {@code group identity}, {@code group init}, {@code group add USER [--fingerprint F]}, {@code group remove
 * USER}, {@code group members}. Kept apart from {@link BackupCli}, which only dispatches here.
 */
final class GroupCli {
    private final BackupCli cli;
    private final PrintStream out;
    private final Map<String, String> env;
    private final BackupCli.Args a;
    private final ServerLogin.State state;
    private final Path identityFile;

    GroupCli(BackupCli cli, PrintStream out, Map<String, String> env, BackupCli.Args a, ServerLogin.State state, Path stateFile) {
        this.cli = cli;
        this.out = out;
        this.env = env;
        this.a = a;
        this.state = state;
        String f = a.opt("identity", env.get("LIGHTWEB_BACKUP_IDENTITY"));
        this.identityFile = f != null ? Path.of(f) : stateFile.toAbsolutePath().resolveSibling("identity.json");
    }

    static boolean selected(BackupCli.Args a) {
        return a.opt("group", null) != null;
    }

    private String user() {
        if (state == null) throw BackupCli.usage("group repositories need a login to your node (login --server URL --user NAME)");
        return state.userId();
    }

    /**
     * Opens the group repository: the passphrase opens the identity file, whose key opens the member's key file; or
     * the group's recovery code (--recovery-code), as for a member's own repository.
     */
    Repository open(Backend backend) throws IOException {
        String code = a.opt("recovery-code", env.get("LIGHTWEB_BACKUP_RECOVERY_CODE"));
        if (code != null) return Repository.open(backend, "recovery", code);
        String user = user();
        Repository.readConfig(backend); // "no repository" before asking for a passphrase
        Identity me = Identity.load(identityFile, user, cli.passphrase(a, false));
        Repository repo = GroupRepository.open(backend, user, me);
        GroupRepository.checkNotRolledBack(identityFile.resolveSibling("groups-seen.json"), repo);
        return repo;
    }

    int run(List<String> rest) throws IOException {
        if (rest.isEmpty()) throw BackupCli.usage("group needs a command: identity, init, add USER, remove USER, members");
        String sub = rest.get(0);
        List<String> args = rest.subList(1, rest.size());
        String user = user();
        switch (sub) {
            case "identity" -> {
                expect(args, 0, sub);
                byte[] pub = Files.isRegularFile(identityFile) ? Identity.readPublic(identityFile) : create(user).publicKey();
                GroupNodeClient.publish(state, pub, cli.timeout(a));
                out.println("identity key of " + user + ": fingerprint " + Identity.fingerprint(pub) + " (published to " + state.server() + ")");
                out.println("Members compare fingerprints out of band: the node relays the keys and could substitute one.");
            }
            case "init" -> {
                expect(args, 0, sub);
                BackupCli.Target t = target();
                Identity me = Files.isRegularFile(identityFile) ? Identity.load(identityFile, user, cli.passphrase(a, false)) : create(user);
                GroupNodeClient.publish(state, me.publicKey(), cli.timeout(a));
                Chunker.Sizes cd = Chunker.Sizes.DEFAULT;
                Chunker.Sizes sizes;
                try {
                    sizes = new Chunker.Sizes(a.intOpt("chunk-min", cd.min()), a.intOpt("chunk-avg", cd.avg()), a.intOpt("chunk-max", cd.max()));
                } catch (IllegalArgumentException e) {
                    throw BackupCli.usage(e.getMessage());
                }
                Repository.Created c = GroupRepository.init(t.backend(), user, me, kdf(), sizes, a.intOpt("pack-size", 16 * 1024 * 1024));
                GroupRepository.checkNotRolledBack(identityFile.resolveSibling("groups-seen.json"), c.repository());
                out.println("created group repository " + c.repository().config().id() + " " + t.where());
                out.println("your identity fingerprint: " + me.fingerprint());
                out.println("recovery code: " + c.recoveryCode());
                out.println("Keep the recovery code apart from this computer: with it any copy of the repository can be restored.");
                out.println("It is not shown again, and a new one is made whenever a member is removed.");
                out.println("verify key (give it to nodes that replicate this repository): " + c.repository().config().verifyKey());
            }
            case "add" -> {
                expect(args, 1, sub);
                String member = args.get(0);
                if (!member.matches("@[^:\\s]+:\\S+")) throw BackupCli.usage("group add needs a user id such as @bob:kaslo.example");
                BackupCli.Target t = target();
                if (t.backend() instanceof HttpBackend && !GroupNodeClient.joinedMembers(state, a.opt("group", null), cli.timeout(a)).contains(member))
                    throw BackupException.failed(member + " is not joined to " + a.opt("group", null) + ": invite them to the room first (the node refuses non-members the blobs)");
                Repository repo = open(t.backend());
                byte[] pub = GroupNodeClient.fetch(state, member, cli.timeout(a));
                String fp = Identity.fingerprint(pub);
                String expected = a.opt("fingerprint", null);
                if (expected != null && !norm(expected).equals(norm(fp)))
                    throw BackupException.integrity("the node gave an identity key for " + member + " with fingerprint " + fp
                            + ", not " + expected + ": not added (the key may have been substituted)");
                boolean added = GroupRepository.add(repo, member, pub);
                out.println((added ? "added " : "already a member: ") + member + " (identity fingerprint " + fp + ")");
                if (expected == null) out.println("Compare the fingerprint with " + member + " out of band (--fingerprint checks it for you).");
            }
            case "remove" -> {
                expect(args, 1, sub);
                Repository repo = open(target().backend());
                GroupRepository.Rekeyed r = GroupRepository.remove(repo, args.get(0), kdf());
                GroupRepository.checkNotRolledBack(identityFile.resolveSibling("groups-seen.json"), r.repository());
                out.println("removed " + args.get(0) + ": the repository is re-keyed; what is written from now on is theirs to read no longer");
                out.println("members: " + String.join(" ", r.members()));
                out.println("new recovery code: " + r.recoveryCode() + " (the old one opens only what was written before)");
                out.println("new verify key: " + r.repository().config().verifyKey());
                out.println("Also remove them from the room, so that the node refuses them the repository's blobs.");
            }
            case "members" -> {
                expect(args, 0, sub);
                BackupCli.Target t = target();
                List<String> joined = t.backend() instanceof HttpBackend ? GroupNodeClient.joinedMembers(state, a.opt("group", null), cli.timeout(a)) : null;
                Set<String> withKey = new HashSet<>();
                for (GroupRepository.Member m : GroupRepository.members(t.backend())) {
                    withKey.add(m.user());
                    String note = m.user().equals(user) ? "  (you)" : joined != null && !joined.contains(m.user())
                            ? "  not in the room any more: group remove " + m.user() : "";
                    out.printf(Locale.ROOT, "%s  %s%s%n", m.user(), m.fingerprint(), note);
                }
                if (joined != null) {
                    for (String j : joined) if (!withKey.contains(j)) out.println(j + "  (in the room, no key: group add " + j + ")");
                }
            }
            default -> throw BackupCli.usage("unknown group command " + sub);
        }
        return 0;
    }

    private BackupCli.Target target() {
        if (!selected(a)) throw BackupCli.usage("this group command needs --group ROOM_ID and --repo NAME");
        return cli.target(a, state);
    }

    private Identity create(String user) throws IOException {
        Identity id = Identity.generate();
        id.save(identityFile, user, cli.passphrase(a, true), kdf());
        out.println("made an identity key for " + user + " in " + identityFile + " (its private half is sealed by your passphrase)");
        return id;
    }

    private Crypto.KdfParams kdf() {
        Crypto.KdfParams d = Crypto.KdfParams.DEFAULT;
        return new Crypto.KdfParams(a.intOpt("argon2-memory-kib", d.memoryKiB()), a.intOpt("argon2-iterations", d.iterations()),
                a.intOpt("argon2-parallelism", d.parallelism()));
    }

    private static String norm(String fingerprint) {
        return fingerprint.toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
    }

    private static void expect(List<String> args, int n, String sub) {
        if (args.size() != n) throw BackupCli.usage("wrong number of arguments for group " + sub);
    }
}
