package org.lightweb.backup.client;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lightweb backup}: the command line, over a repository in the member's node ({@code --repo NAME}, after a
 * login kept in a state file) or in a local directory ({@code --repo-dir DIR}). Hand-rolled
 * argument parsing: eight commands with a few flags each don't need a framework. Exit codes: 0 ok, 1 failure,
 * 2 usage, 3 wrong passphrase or recovery code, 4 integrity error (verify found damage, restore met a bad chunk),
 * 5 repository locked.
 */
public final class BackupCli {
    static final String USAGE = """
            usage: lightweb backup [--repo NAME | --repo-dir DIR] [options] COMMAND [args]
              login                   log in to your node: --server URL with --user NAME [--password P] or --token T
              logout                  end the session of the state file and delete it
              init [--argon2-memory-kib N] [--argon2-iterations N] [--argon2-parallelism N]
                   [--chunk-min BYTES --chunk-avg BYTES --chunk-max BYTES] [--pack-size BYTES]
              push [--contacts] DIR...   --contacts: also your address books on the node (contact-sync plugin), as
                                       lightweb-contacts/<book>/<card>.vcf in the snapshot
              snapshots
              ls SNAPSHOT [PATH]
              restore SNAPSHOT TARGET [PATH...]
              verify [--read-data]
              forget [--keep-last N] [--keep-daily N] [--keep-weekly N] [--keep-monthly N] [--prune]
              prune
              stats
              key add                 (another passphrase, read from --new-password-file or the terminal)
              recovery enable         let partners serve the repository to the recovery code's holder (repositories
                                      made before this existed; needs --recovery-code)
              copy --to-repo NAME | --to-repo-dir DIR
                                      copy the repository blob by blob (checked, without decrypting) to a repository
                                      on the node you are logged in to, or to a local directory
              group identity          make (once) and publish your identity key; prints its fingerprint
              group init | add USER [--fingerprint F] | remove USER | members     with --group ROOM_ID --repo NAME
            --group ROOM_ID selects the repository NAME of a group (a room you are joined to) for every command; your
            passphrase opens your identity key (--identity FILE, default identity.json beside the state file).
            After losing your node: --from-partner URL --user-id @you:home.example --repo NAME with --recovery-code
            reads the copy a partner node holds (snapshots, ls, restore, verify, copy; read-only); a group's
            repository: --user-id ROOM_ID with the group's recovery code.
            SNAPSHOT is an id, a unique prefix of one, or "latest".
            --repo NAME is a repository in your node's blob store (log in once first: --server, --user or --token may
            also be given with any command); --repo-dir DIR, or a --repo with a '/' in it, is a local directory.
            --repo defaults to $LIGHTWEB_BACKUP_REPO. The login is kept in --state FILE (default
            ~/.config/lightweb-backup/state.json, mode 0600). The account password comes from --password,
            $LIGHTWEB_BACKUP_LOGIN_PASSWORD or the terminal; it is sent to the node, so it must not be the passphrase.
            The passphrase comes from --password-file F, $LIGHTWEB_BACKUP_PASSWORD or the terminal; to open with the
            recovery code instead give --recovery-code CODE or $LIGHTWEB_BACKUP_RECOVERY_CODE.
            --timeout SECONDS (120) bounds each request to the node, --retries N (3) how often a failed one is retried.
            --progress forces the progress line, --quiet hides it.
            Exit codes: 0 ok, 1 failure, 2 usage, 3 wrong passphrase, 4 integrity error, 5 locked.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public BackupCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new BackupCli(System.out, System.err, System.getenv()).run(args));
    }

    /** Runs one command; returns the exit code. */
    public int run(String[] argv) {
        try {
            Args a = Args.parse(argv);
            if (a.flag("help") || a.positional.isEmpty()) {
                out.print(USAGE);
                return a.flag("help") ? 0 : BackupException.Kind.USAGE.exitCode;
            }
            return execute(a);
        } catch (BackupException e) {
            err.println("lightweb backup: " + e.getMessage());
            return e.kind().exitCode;
        } catch (IOException e) {
            err.println("lightweb backup: I/O error: " + e);
            return BackupException.Kind.FAILED.exitCode;
        } catch (RuntimeException e) {
            err.println("lightweb backup: unexpected error: " + e);
            return BackupException.Kind.FAILED.exitCode;
        }
    }

    private int execute(Args a) throws IOException {
        String cmd = a.positional.get(0);
        List<String> rest = a.positional.subList(1, a.positional.size());
        Path stateFile = stateFile(a);
        ServerLogin.State state = login(a, stateFile);
        if (cmd.equals("login")) {
            expectArgs(rest, 0, 0, cmd);
            if (state == null) throw usage("login needs --server URL and --user NAME (or --token TOKEN)");
            out.println("logged in to " + state.server() + " as " + state.userId() + " (device " + state.deviceId() + "); state saved in " + stateFile);
            return 0;
        }
        if (state == null) state = ServerLogin.read(stateFile);
        if (cmd.equals("logout")) {
            expectArgs(rest, 0, 0, cmd);
            if (state == null) throw BackupException.failed("not logged in (no state file " + stateFile + ")");
            ServerLogin.logout(state, timeout(a));
            Files.deleteIfExists(stateFile);
            out.println("logged out " + state.userId() + " from " + state.server());
            return 0;
        }
        if (cmd.equals("group")) return new GroupCli(this, out, env, a, state, stateFile).run(rest);
        Target target = target(a, state);
        Backend backend = target.backend();
        if (cmd.equals("copy")) {
            expectArgs(rest, 0, 0, cmd);
            Target to = copyTarget(a, state);
            ProgressLine line = new ProgressLine(err, a.flag("progress") || (!a.flag("quiet") && System.console() != null));
            RepositoryCopy.Result r;
            try {
                r = RepositoryCopy.copy(backend, to.backend(), line);
            } finally {
                line.done();
            }
            out.printf(Locale.ROOT, "copied %d blobs (%s), %d already there, %s%n", r.copied(), human(r.bytes()), r.skipped(), to.where());
            return 0;
        }
        if (cmd.equals("init")) {
            expectArgs(rest, 0, 0, "init");
            if (GroupCli.selected(a)) throw usage("a group repository is made with group init");
            if (backend instanceof LocalBackend local) Files.createDirectories(local.root());
            Crypto.KdfParams d = Crypto.KdfParams.DEFAULT;
            Crypto.KdfParams kdf = new Crypto.KdfParams(a.intOpt("argon2-memory-kib", d.memoryKiB()),
                    a.intOpt("argon2-iterations", d.iterations()), a.intOpt("argon2-parallelism", d.parallelism()));
            Chunker.Sizes cd = Chunker.Sizes.DEFAULT;
            Chunker.Sizes sizes;
            try {
                sizes = new Chunker.Sizes(a.intOpt("chunk-min", cd.min()), a.intOpt("chunk-avg", cd.avg()), a.intOpt("chunk-max", cd.max()));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            Repository.Created c = Repository.init(backend, passphrase(a, true), kdf, sizes, a.intOpt("pack-size", 16 * 1024 * 1024));
            out.println("created repository " + c.repository().config().id() + " " + target.where());
            out.println("recovery code: " + c.recoveryCode());
            out.println("Write the recovery code down and keep it apart from this computer: with it (and the repository) your");
            out.println("data can be restored if the passphrase is lost. It is not shown again.");
            out.println("verify key (give it to nodes that replicate this repository): " + c.repository().config().verifyKey());
            return 0;
        }
        Repository repo = GroupCli.selected(a) ? new GroupCli(this, out, env, a, state, stateFile).open(backend) : open(a, backend);
        ProgressLine line = new ProgressLine(err, a.flag("progress") || (!a.flag("quiet") && System.console() != null));
        BackupEngine engine = new BackupEngine(repo, line);
        try {
            switch (cmd) {
                case "push" -> {
                    boolean contacts = a.flag("contacts");
                    if (rest.isEmpty() && !contacts) throw usage("push needs at least one directory (or --contacts)");
                    List<Path> roots = new java.util.ArrayList<>(rest.stream().map(Path::of).toList());
                    Path contactsDir = null;
                    if (contacts) {
                        if (state == null) throw usage("--contacts needs a login to your node (login --server URL ...)");
                        contactsDir = ContactsExport.fetch(state, timeout(a));
                        roots.add(contactsDir);
                    }
                    BackupEngine.PushResult r;
                    try {
                        r = engine.push(roots);
                    } finally {
                        if (contactsDir != null) ContactsExport.delete(contactsDir.getParent());
                    }
                    line.done();
                    for (String s : r.skipped()) err.println("skipped " + s);
                    out.printf(Locale.ROOT, "snapshot %s saved: %d files, %d dirs, %s read, %d new chunks, %d packs (%s) uploaded%n",
                            Repository.shortId(r.snapshotId()), r.files(), r.dirs(), human(r.bytesRead()), r.chunksNew(), r.packsWritten(), human(r.bytesUploaded()));
                }
                case "snapshots" -> {
                    expectArgs(rest, 0, 0, cmd);
                    for (BackupEngine.SnapshotRef s : engine.snapshotHeads())
                        out.printf(Locale.ROOT, "%s  %s  %s@%s  %s%n", Repository.shortId(s.id()), s.snapshot().time(), s.snapshot().user(),
                                s.snapshot().host(), String.join(" ", s.snapshot().paths()));
                }
                case "ls" -> {
                    expectArgs(rest, 1, 2, cmd);
                    engine.ls(rest.get(0), rest.size() > 1 ? rest.get(1) : "", (path, n) -> out.printf(Locale.ROOT, "%s %04o %12s %s %s%s%n",
                            n.isDir() ? "d" : n.isSymlink() ? "l" : "-", n.mode(), n.size() == null ? "" : n.size(), n.mtime(), path,
                            n.isSymlink() ? " -> " + n.target() : ""));
                }
                case "restore" -> {
                    if (rest.size() < 2) throw usage("restore needs SNAPSHOT TARGET [PATH...]");
                    BackupEngine.RestoreResult r = engine.restore(rest.get(0), Path.of(rest.get(1)), rest.subList(2, rest.size()));
                    line.done();
                    out.printf(Locale.ROOT, "restored %d files, %d dirs, %d symlinks, %s%n", r.files(), r.dirs(), r.symlinks(), human(r.bytes()));
                }
                case "verify" -> {
                    expectArgs(rest, 0, 0, cmd);
                    BackupEngine.VerifyReport r = engine.verify(a.flag("read-data"));
                    line.done();
                    for (String w : r.warnings()) out.println("warning: " + w);
                    for (String e : r.errors()) out.println("error: " + e);
                    if (!r.ok()) throw BackupException.integrity(r.errors().size() + " error(s) found: the repository is damaged");
                    out.println("no errors" + (a.flag("read-data") ? " (" + r.packsRead() + " packs, " + r.chunksChecked() + " chunks read)" : " (structure only; --read-data reads every pack)"));
                }
                case "forget" -> {
                    expectArgs(rest, 0, 0, cmd);
                    BackupEngine.ForgetResult r = engine.forget(new BackupEngine.KeepPolicy(a.intOpt("keep-last", 0), a.intOpt("keep-daily", 0),
                            a.intOpt("keep-weekly", 0), a.intOpt("keep-monthly", 0)), ZoneId.systemDefault());
                    for (String id : r.removed()) out.println("removed snapshot " + Repository.shortId(id));
                    out.println("kept " + r.kept().size() + ", removed " + r.removed().size() + " snapshots");
                    if (a.flag("prune")) printPrune(engine.prune());
                }
                case "prune" -> {
                    expectArgs(rest, 0, 0, cmd);
                    printPrune(engine.prune());
                }
                case "stats" -> {
                    expectArgs(rest, 0, 0, cmd);
                    BackupEngine.Stats s = engine.stats();
                    out.printf(Locale.ROOT, "snapshots: %d%npacks: %d (%s stored)%nunique chunks: %d (%s)%nlatest snapshot: %s%n"
                            + "all snapshots: %s%ndeduplication ratio: %.2f%n", s.snapshots(), s.packs(), human(s.storedBytes()), s.chunks(),
                            human(s.uniqueBytes()), human(s.latestBytes()), human(s.logicalBytes()), s.dedupRatio());
                }
                case "key" -> {
                    if (rest.size() != 1 || !rest.get(0).equals("add")) throw usage("key add is the only key command");
                    String fresh = readSecretFile(a.opt("new-password-file", null));
                    if (fresh == null) fresh = prompt("new passphrase: ", true);
                    repo.addPassphrase(fresh, Crypto.KdfParams.DEFAULT, a.opt("label", "added"));
                    out.println("key added");
                }
                case "recovery" -> {
                    if (rest.size() != 1 || !rest.get(0).equals("enable")) throw usage("recovery enable is the only recovery command");
                    String code = recoveryCode(a);
                    if (code == null) throw usage("recovery enable needs --recovery-code CODE (or $LIGHTWEB_BACKUP_RECOVERY_CODE)");
                    repo.enableRecovery(code);
                    out.println("recovery enabled: partners holding this repository will serve it to whoever signs with the recovery code");
                }
                default -> throw usage("unknown command " + cmd);
            }
        } finally {
            line.done();
        }
        return 0;
    }

    private void printPrune(BackupEngine.PruneResult r) {
        out.printf(Locale.ROOT, "pruned: %d packs deleted, %d repacked, %d chunks removed, %s freed%n", r.packsDeleted(), r.packsRepacked(),
                r.chunksRemoved(), human(r.bytesFreed()));
    }

    /** The repository's backend, and where it is for messages. */
    record Target(Backend backend, String where) {}

    /**
     * --repo-dir DIR, or a --repo with a '/' in it, is a local directory (as before the node's store existed);
     * any other --repo NAME is a repository in the blob store of the node the state file is logged in to.
     */
    Target target(Args a, ServerLogin.State state) {
        String dir = a.opt("repo-dir", null);
        String repo = a.opt("repo", env.get("LIGHTWEB_BACKUP_REPO"));
        String partner = a.opt("from-partner", null);
        if (partner != null) return partnerTarget(a, partner, repo, dir);
        if (dir == null && repo != null && (repo.contains("/") || repo.contains(java.io.File.separator))) dir = repo;
        if (dir != null) return new Target(new LocalBackend(Path.of(dir)), "at " + dir);
        if (repo == null) throw usage("--repo NAME (a repository on your node) or --repo-dir DIR (a local directory) is required");
        if (!HttpBackend.validRepo(repo))
            throw usage("a repository name is 1 to 64 letters, digits, '.', '_' or '-' (for a local directory use --repo-dir DIR)");
        if (state == null)
            throw usage("not logged in: give --server URL with --user NAME or --token TOKEN once (for a local directory use --repo-dir " + repo + ")");
        String group = a.opt("group", null);
        if (group != null)
            return new Target(HttpBackend.group(URI.create(state.server()), state.accessToken(), group, repo, options(a)),
                    "as " + repo + " of group " + group + " on " + state.server());
        HttpBackend http = new HttpBackend(URI.create(state.server()), state.accessToken(), repo, options(a));
        return new Target(http, "as " + repo + " on " + state.server() + " for " + state.userId());
    }

    /** --from-partner URL: the read-only replicas a partner holds of the repository, after the home node is lost. */
    private Target partnerTarget(Args a, String partner, String repo, String dir) {
        if (dir != null) throw usage("--from-partner reads a repository by --repo NAME, not --repo-dir");
        if (repo == null) throw usage("--from-partner needs --repo NAME (the repository's name on your lost node)");
        String userId = a.opt("user-id", null);
        if (userId == null) throw usage("--from-partner needs --user-id @you:home.example (your account on the lost node)");
        String code = recoveryCode(a);
        if (code == null) throw usage("--from-partner needs --recovery-code CODE (or $LIGHTWEB_BACKUP_RECOVERY_CODE): it proves to the partner that the copy is yours");
        try {
            HttpBackend b = HttpBackend.partner(serverUrl(partner, "--from-partner"), userId, repo, RecoveryAccess.fromCode(code), options(a));
            return new Target(b, "as " + repo + " of " + userId + " held by " + partner);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Where copy writes: --to-repo NAME on the node logged in to, or --to-repo-dir DIR. */
    private Target copyTarget(Args a, ServerLogin.State state) throws IOException {
        String dir = a.opt("to-repo-dir", null);
        String repo = a.opt("to-repo", null);
        if ((dir == null) == (repo == null)) throw usage("copy needs --to-repo NAME (on the node you are logged in to) or --to-repo-dir DIR");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            return new Target(new LocalBackend(Path.of(dir)), "to " + dir);
        }
        if (!HttpBackend.validRepo(repo)) throw usage("a repository name is 1 to 64 letters, digits, '.', '_' or '-'");
        if (state == null) throw usage("copy --to-repo needs a login to your (new) node: --server URL --user NAME");
        return new Target(new HttpBackend(URI.create(state.server()), state.accessToken(), repo, options(a)),
                "to " + repo + " on " + state.server() + " for " + state.userId());
    }

    private HttpBackend.Options options(Args a) {
        return new HttpBackend.Options(Duration.ofSeconds(10), timeout(a), a.intOpt("retries", 3) + 1, Duration.ofMillis(500));
    }

    private String recoveryCode(Args a) {
        return a.opt("recovery-code", env.get("LIGHTWEB_BACKUP_RECOVERY_CODE"));
    }

    Duration timeout(Args a) {
        int s = a.intOpt("timeout", 120);
        if (s < 1) throw usage("--timeout must be at least 1 second");
        return Duration.ofSeconds(s);
    }

    private Path stateFile(Args a) {
        String f = a.opt("state", env.get("LIGHTWEB_BACKUP_STATE"));
        if (f != null) return Path.of(f);
        String home = env.get("HOME");
        return home == null ? Path.of(System.getProperty("user.home"), ".config/lightweb-backup/state.json")
                : Path.of(home, ".config/lightweb-backup/state.json");
    }

    /** With --server and --user or --token: logs in, saves the state and returns it; else null. */
    private ServerLogin.State login(Args a, Path stateFile) throws IOException {
        String server = a.opt("server", null);
        String user = a.opt("user", null);
        String token = a.opt("token", null);
        if (server == null) {
            if (user != null || token != null) throw usage("--user and --token need --server URL");
            return null;
        }
        if ((user == null) == (token == null)) throw usage("--server needs either --user NAME or --token TOKEN");
        URI uri = serverUrl(server, "--server");
        ServerLogin.State state;
        if (token != null) {
            state = ServerLogin.token(uri, token, timeout(a));
        } else {
            String password = a.opt("password", env.get("LIGHTWEB_BACKUP_LOGIN_PASSWORD"));
            if (password == null) password = promptLogin("password for " + user + " on " + server + ": ");
            state = ServerLogin.password(uri, user, password, timeout(a));
        }
        ServerLogin.write(stateFile, state);
        return state;
    }

    private static URI serverUrl(String url, String option) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) throw new IllegalArgumentException();
            return uri;
        } catch (IllegalArgumentException e) {
            throw usage(option + " needs a URL such as https://kaslo.example, not " + url);
        }
    }

    private static String promptLogin(String what) {
        Console c = System.console();
        if (c == null) throw usage("no account password: give --password or set LIGHTWEB_BACKUP_LOGIN_PASSWORD (no terminal to ask on)");
        return new String(c.readPassword(what));
    }

    private Repository open(Args a, Backend backend) throws IOException {
        String code = recoveryCode(a);
        if (code != null) return Repository.open(backend, "recovery", code);
        Repository.readConfig(backend); // "no repository" before asking for a passphrase
        return Repository.open(backend, "passphrase", passphrase(a, false));
    }

    String passphrase(Args a, boolean twice) throws IOException {
        String p = readSecretFile(a.opt("password-file", null));
        if (p == null) p = env.get("LIGHTWEB_BACKUP_PASSWORD");
        if (p == null) p = prompt("passphrase: ", twice);
        return p;
    }

    private static String readSecretFile(String file) throws IOException {
        if (file == null) return null;
        String s = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String prompt(String what, boolean twice) {
        Console c = System.console();
        if (c == null) throw usage("no passphrase: give --password-file or set LIGHTWEB_BACKUP_PASSWORD (no terminal to ask on)");
        char[] p = c.readPassword(what);
        if (twice && !new String(p).equals(new String(c.readPassword("again: ")))) throw usage("the passphrases differ");
        return new String(p);
    }

    private static void expectArgs(List<String> rest, int min, int max, String cmd) {
        if (rest.size() < min || rest.size() > max) throw usage("wrong number of arguments for " + cmd);
    }

    static BackupException usage(String msg) {
        return new BackupException(BackupException.Kind.USAGE, msg + " (--help for usage)");
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }

    /** --name value / --name=value options, bare --flags and positionals. */
    static final class Args {
        private static final List<String> FLAGS = List.of("read-data", "prune", "progress", "quiet", "help", "contacts");
        final List<String> positional = new ArrayList<>();
        final Map<String, String> opts = new java.util.HashMap<>();

        static Args parse(String[] argv) {
            Args a = new Args();
            for (int i = 0; i < argv.length; i++) {
                String s = argv[i];
                if (s.equals("--")) {
                    a.positional.addAll(List.of(argv).subList(i + 1, argv.length));
                    break;
                }
                if (s.startsWith("--")) {
                    String name = s.substring(2);
                    String value;
                    int eq = name.indexOf('=');
                    if (eq >= 0) {
                        value = name.substring(eq + 1);
                        name = name.substring(0, eq);
                    } else if (FLAGS.contains(name)) {
                        value = "true";
                    } else {
                        if (i + 1 >= argv.length) throw usage("--" + name + " needs a value");
                        value = argv[++i];
                    }
                    a.opts.put(name, value);
                } else if (s.equals("-h")) {
                    a.opts.put("help", "true");
                } else {
                    a.positional.add(s);
                }
            }
            return a;
        }

        boolean flag(String name) {
            return "true".equals(opts.get(name));
        }

        String opt(String name, String dflt) {
            return opts.getOrDefault(name, dflt);
        }

        int intOpt(String name, int dflt) {
            String v = opts.get(name);
            if (v == null) return dflt;
            try {
                int n = Integer.parseInt(v);
                if (n < 0) throw usage("--" + name + " must not be negative");
                return n;
            } catch (NumberFormatException e) {
                throw usage("--" + name + " needs a number, not " + v);
            }
        }
    }

    /** One line on stderr, redrawn at most four times a second. */
    static final class ProgressLine implements BackupEngine.Progress {
        private final PrintStream err;
        private final boolean enabled;
        private final long started = System.nanoTime();
        private long lastDraw;
        private boolean drawn;

        ProgressLine(PrintStream err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        @Override
        public void update(long files, long bytesRead, long bytesNew, String current) {
            if (!enabled) return;
            long now = System.nanoTime();
            if (now - lastDraw < 250_000_000L) return;
            lastDraw = now;
            double secs = Math.max(0.001, (now - started) / 1e9);
            String cur = current.length() > 40 ? "..." + current.substring(current.length() - 37) : current;
            err.printf(Locale.ROOT, "\r%d files  %s  %s new  %.1f MiB/s  %-40s", files, human(bytesRead), human(bytesNew),
                    bytesRead / secs / 1048576, cur);
            drawn = true;
        }

        void done() {
            if (drawn) err.println();
            drawn = false;
        }
    }
}
