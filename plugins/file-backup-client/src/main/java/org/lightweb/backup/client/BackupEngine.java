package org.lightweb.backup.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The operations of {@code lightweb backup} over an open {@link Repository}: push, snapshots, ls, restore, verify,
 * forget, prune, stats. Single-threaded and streaming: a file is read one chunk at a time, a pack is held in memory
 * until it is uploaded.
 */
public final class BackupEngine {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private final Repository repo;
    private final Progress progress;

    /** Told about work as it happens; the CLI draws a progress line from it. */
    public interface Progress {
        Progress NONE = (files, bytes, newBytes, message) -> { };

        void update(long files, long bytesRead, long bytesNew, String current);
    }

    public BackupEngine(Repository repo, Progress progress) {
        this.repo = repo;
        this.progress = progress;
    }

    // ------------------------------------------------------------------ push

    /** What a push did. {@code packsWritten} and {@code bytesUploaded} are 0 for an unchanged tree. */
    public record PushResult(String snapshotId, long files, long dirs, long bytesRead, long chunksNew, long packsWritten,
                             long bytesUploaded, List<String> skipped) {
    }

    public PushResult push(List<Path> dirs) throws IOException {
        if (dirs.isEmpty()) throw new BackupException(BackupException.Kind.USAGE, "push needs at least one directory");
        List<Path> roots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path d : dirs) {
            Path abs = d.toAbsolutePath().normalize();
            if (!Files.exists(abs, NOFOLLOW)) throw new BackupException(BackupException.Kind.USAGE, "no such file or directory: " + d);
            String name = abs.getFileName() == null ? "root" : abs.getFileName().toString();
            if (!names.add(name)) throw new BackupException(BackupException.Kind.USAGE, "two paths to push have the same name: " + name);
            roots.add(abs);
        }
        try (Repository.Lock lock = repo.lock(false); Repository.PackWriter writer = repo.packWriter()) {
            Repository.Index index = repo.loadIndex();
            Map<String, Model.Node> parent = parentFiles(roots);
            PushState st = new PushState(index, writer, lock, parent);
            List<Model.Node> children = new ArrayList<>();
            for (Path r : roots) children.add(walk(r, r.getFileName() == null ? "root" : r.getFileName().toString(), st));
            st.writer.flush();
            st.writeIndex();
            Model.Node root = new Model.Node("", "dir", 0755, Instant.now().toString(), null, null, null, children);
            Model.Snapshot snap = new Model.Snapshot(Instant.now().toString(), Repository.hostName(),
                    System.getProperty("user.name", "?"), roots.stream().map(Path::toString).toList(), root);
            String id = repo.putDoc(BlobType.SNAPSHOT, snap);
            return new PushResult(id, st.files, st.dirs, st.bytesRead, st.chunksNew, st.writer.packs(), st.writer.uploadedBytes(), st.skipped);
        }
    }

    private final class PushState {
        final Repository.Index index;
        final Repository.PackWriter writer;
        final Repository.Lock lock;
        final Map<String, Model.Node> parent;
        final Set<String> pending = new HashSet<>();
        final Chunker chunker = new Chunker(repo.key().gear(), repo.chunkSizes());
        final List<String> skipped = new ArrayList<>();
        long files;
        long dirs;
        long bytesRead;
        long bytesNew;
        long chunksNew;
        int packsSinceIndex;

        PushState(Repository.Index index, Repository.PackWriter writer, Repository.Lock lock, Map<String, Model.Node> parent) {
            this.index = index;
            this.writer = writer;
            this.lock = lock;
            this.parent = parent;
        }

        void addChunk(String id, byte[] b, int off, int len) throws IOException {
            if (index.has(id) || !pending.add(id)) return;
            chunksNew++;
            bytesNew += len;
            if (writer.add(id, b, off, len)) packWritten();
        }

        void packWritten() throws IOException {
            lock.refresh();
            // An interrupted push keeps what it uploaded: the index is written every 32 packs, not only at the end.
            if (++packsSinceIndex >= 32) writeIndex();
        }

        void writeIndex() throws IOException {
            List<Model.IndexPack> done = writer.drain();
            if (done.isEmpty()) return;
            repo.putDoc(BlobType.INDEX, new Model.IndexDoc(done));
            packsSinceIndex = 0;
            for (Model.IndexPack p : done)
                for (Model.IndexEntry e : p.blobs()) {
                    index.chunks().put(e.id(), new Model.Location(p.id(), e.off(), e.len(), e.raw()));
                    pending.remove(e.id());
                }
        }
    }

    private Model.Node walk(Path p, String rel, PushState st) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        String name = p.getFileName() == null ? "root" : p.getFileName().toString();
        int mode = mode(p, a);
        String mtime = a.lastModifiedTime().toInstant().toString();
        if (a.isSymbolicLink()) {
            return new Model.Node(name, "symlink", mode, mtime, null, null, Files.readSymbolicLink(p).toString(), null);
        }
        if (a.isDirectory()) {
            st.dirs++;
            List<Path> entries;
            try (Stream<Path> s = Files.list(p)) {
                entries = s.sorted(Comparator.comparing(x -> x.getFileName().toString())).toList();
            } catch (AccessDeniedException e) {
                st.skipped.add(rel + " (permission denied)");
                entries = List.of();
            }
            List<Model.Node> children = new ArrayList<>(entries.size());
            for (Path e : entries) {
                Model.Node n = walk(e, rel + "/" + e.getFileName(), st);
                if (n != null) children.add(n);
            }
            return new Model.Node(name, "dir", mode, mtime, null, null, null, children);
        }
        if (!a.isRegularFile()) {
            st.skipped.add(rel + " (not a regular file, directory or symlink)");
            return null;
        }
        st.files++;
        st.lock.refresh(); // a long push that uploads nothing still keeps its lock
        Model.Node old = st.parent.get(rel);
        if (old != null && old.isFile() && old.size() == a.size() && old.mtime().equals(mtime)
                && old.chunks().stream().allMatch(c -> st.index.has(c) || st.pending.contains(c))) {
            // Unchanged since the last snapshot of these paths (size and mtime), as restic does: don't read it again.
            st.bytesRead += a.size();
            progress.update(st.files, st.bytesRead, st.bytesNew, rel);
            return new Model.Node(name, "file", mode, mtime, a.size(), old.chunks(), null, null);
        }
        List<String> chunks = new ArrayList<>();
        long size = 0;
        try (InputStream in = Files.newInputStream(p)) {
            Chunker chunker = st.chunker.reset(in);
            ByteBuffer c;
            while ((c = chunker.next()) != null) {
                String id = Crypto.hex(repo.key().chunkId(c.array(), c.position(), c.remaining()));
                st.addChunk(id, c.array(), c.position(), c.remaining());
                chunks.add(id);
                size += c.remaining();
                st.bytesRead += c.remaining();
                progress.update(st.files, st.bytesRead, st.bytesNew, rel);
            }
        } catch (AccessDeniedException e) {
            st.skipped.add(rel + " (permission denied)");
            st.files--;
            return null;
        }
        return new Model.Node(name, "file", mode, mtime, size, chunks, null, null);
    }

    private static int mode(Path p, BasicFileAttributes a) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW)) & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return a.isDirectory() ? 0755 : 0644;
        }
    }

    /** Files of the newest snapshot of the same paths, by their path in the tree: push skips reading unchanged ones. */
    private Map<String, Model.Node> parentFiles(List<Path> roots) throws IOException {
        List<String> paths = roots.stream().map(Path::toString).toList();
        Map<String, Model.Node> out = new HashMap<>();
        SnapshotRef newest = newest(h -> h.paths().equals(paths));
        if (newest != null) newest.snapshot().root().children().forEach(c -> flatten(c, c.name(), out));
        return out;
    }

    private static void flatten(Model.Node n, String rel, Map<String, Model.Node> out) {
        out.put(rel, n);
        if (n.children() != null) for (Model.Node c : n.children()) flatten(c, rel + "/" + c.name(), out);
    }

    // ------------------------------------------------------------------ snapshots and ls

    public record SnapshotRef(String id, Model.Snapshot snapshot) {
    }

    /** All snapshots, oldest first. */
    public List<SnapshotRef> snapshots() throws IOException {
        List<SnapshotRef> out = new ArrayList<>();
        for (String name : repo.backend().list(BlobType.SNAPSHOT))
            out.add(new SnapshotRef(name, repo.getDoc(BlobType.SNAPSHOT, name, Model.Snapshot.class)));
        out.sort(Comparator.comparing((SnapshotRef s) -> Instant.parse(s.snapshot().time())).thenComparing(SnapshotRef::id));
        return out;
    }

    /**
     * All snapshots, oldest first, without their trees ({@code root} null): enough to list them or choose one, at a
     * fraction of the cost of {@link #snapshots} when trees are large.
     */
    public List<SnapshotRef> snapshotHeads() throws IOException {
        List<SnapshotRef> out = new ArrayList<>();
        for (String name : repo.backend().list(BlobType.SNAPSHOT)) {
            Model.SnapshotHead h = repo.getDoc(BlobType.SNAPSHOT, name, Model.SnapshotHead.class);
            out.add(new SnapshotRef(name, new Model.Snapshot(h.time(), h.host(), h.user(), h.paths(), null)));
        }
        out.sort(Comparator.comparing((SnapshotRef s) -> Instant.parse(s.snapshot().time())).thenComparing(SnapshotRef::id));
        return out;
    }

    /**
     * The newest snapshot (by time, then id, as {@link #snapshots} orders them) whose head passes {@code filter},
     * read whole, or null. Each snapshot is decrypted once and only its head parsed; the newest so far is kept
     * decrypted, so the chosen one's tree is parsed without reading it again.
     */
    private SnapshotRef newest(java.util.function.Predicate<Model.SnapshotHead> filter) throws IOException {
        String bestId = null;
        Instant bestTime = null;
        Repository.Doc best = null;
        for (String name : repo.backend().list(BlobType.SNAPSHOT)) {
            Repository.Doc doc = repo.getDoc(BlobType.SNAPSHOT, name);
            Model.SnapshotHead h = doc.as(Model.SnapshotHead.class);
            if (!filter.test(h)) continue;
            Instant t = Instant.parse(h.time());
            if (best == null || t.isAfter(bestTime) || (t.equals(bestTime) && name.compareTo(bestId) > 0)) {
                bestId = name;
                bestTime = t;
                best = doc;
            }
        }
        return best == null ? null : new SnapshotRef(bestId, best.as(Model.Snapshot.class));
    }

    /** "latest" or a unique prefix of a snapshot id. */
    public SnapshotRef find(String ref) throws IOException {
        if ("latest".equals(ref)) {
            SnapshotRef latest = newest(h -> true);
            if (latest == null) throw BackupException.failed("the repository has no snapshots");
            return latest;
        }
        List<String> matches = repo.backend().list(BlobType.SNAPSHOT).stream().filter(n -> n.startsWith(ref)).toList();
        if (ref.isEmpty() || matches.isEmpty()) throw new BackupException(BackupException.Kind.USAGE, "no snapshot " + ref);
        if (matches.size() > 1) throw new BackupException(BackupException.Kind.USAGE, "snapshot id " + ref + " is ambiguous; give more of it");
        return new SnapshotRef(matches.get(0), repo.getDoc(BlobType.SNAPSHOT, matches.get(0), Model.Snapshot.class));
    }

    /** Each entry under {@code path} (a path inside the snapshot, "" for all): visits (path, node). */
    public void ls(String ref, String path, java.util.function.BiConsumer<String, Model.Node> out) throws IOException {
        Model.Snapshot s = find(ref).snapshot();
        String prefix = trimSlashes(path);
        for (Model.Node c : s.root().children()) visit(c, c.name(), prefix, out);
    }

    private static void visit(Model.Node n, String rel, String prefix, java.util.function.BiConsumer<String, Model.Node> out) {
        if (prefix.isEmpty() || rel.equals(prefix) || rel.startsWith(prefix + "/")) out.accept(rel, n);
        if (n.children() != null && (prefix.isEmpty() || rel.equals(prefix) || rel.startsWith(prefix + "/") || prefix.startsWith(rel + "/")))
            for (Model.Node c : n.children()) visit(c, rel + "/" + c.name(), prefix, out);
    }

    private static String trimSlashes(String p) {
        String s = p == null ? "" : p.replace('\\', '/');
        while (s.startsWith("/")) s = s.substring(1);
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    // ------------------------------------------------------------------ restore

    public record RestoreResult(long files, long dirs, long symlinks, long bytes) {
    }

    /** Files restored at once: file creation is slow on many file systems and waits on the disk, not the CPU. */
    static final int RESTORE_FILE_THREADS = 4;
    /** Threads reading and decrypting the chunks of large files ahead of the writer. */
    static final int RESTORE_CHUNK_THREADS = 2;
    /** Chunks of one file read ahead of the one being written (memory: at most this many chunks per file in flight). */
    static final int RESTORE_READ_AHEAD = 3;

    /**
     * Restores a snapshot (or only {@code includes}, paths inside it) under {@code target}: contents byte for byte,
     * permission bits and modification times. A chunk that fails authentication stops the restore with an
     * {@link BackupException.Kind#INTEGRITY} error; the file being written is removed, never left half-written.
     *
     * <p>The tree is walked on the caller's thread (directories and symlinks made in order); files are written by
     * {@link #RESTORE_FILE_THREADS} workers, each reading its chunks {@link #RESTORE_READ_AHEAD} ahead on a shared
     * pool; directories get their mode and mtime last, deepest first, once every file in them is written.
     */
    public RestoreResult restore(String ref, Path target, List<String> includes) throws IOException {
        Model.Snapshot s = find(ref).snapshot();
        Repository.Index index = repo.loadIndex();
        List<String> inc = includes.stream().map(BackupEngine::trimSlashes).toList();
        Files.createDirectories(target);
        try (Restorer r = new Restorer(index)) {
            for (Model.Node c : s.root().children()) restoreNode(c, c.name(), target, inc, r);
            r.submitBatches();
            r.awaitFiles();
            for (Runnable d : r.dirMetadata) d.run();
            return new RestoreResult(r.files.get(), r.dirs, r.symlinks, r.bytes.get());
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The workers and the counts of one restore. */
    private final class Restorer implements AutoCloseable {
        final Repository.Index index;
        final java.util.concurrent.ExecutorService fileWorkers = threads("lightweb-backup-restore", RESTORE_FILE_THREADS);
        final java.util.concurrent.ExecutorService chunkWorkers = threads("lightweb-backup-read", RESTORE_CHUNK_THREADS);
        /** Bounds the files queued ahead of the workers, so a failure stops the walk early. */
        final java.util.concurrent.Semaphore queued = new java.util.concurrent.Semaphore(RESTORE_FILE_THREADS * 2);
        final List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
        final List<Runnable> dirMetadata = new ArrayList<>();
        /** Files of one chunk: restored in batches, one read per run of neighbouring chunks in a pack. */
        final List<SingleChunkFile> single = new ArrayList<>();
        final java.util.concurrent.atomic.AtomicLong files = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        /** The first failure of a worker: an IOException or a BackupException (exit code by its kind). */
        volatile Exception failure;
        long dirs;
        long symlinks;

        Restorer(Repository.Index index) {
            this.index = index;
        }

        private static java.util.concurrent.ExecutorService threads(String name, int n) {
            return Executors.newFixedThreadPool(n, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }

        void submitFile(Model.Node n, String rel, Path p) throws IOException {
            submit(rel, () -> restoreFile(n, rel, p, this, null));
        }

        /**
         * Small files, as restic restores them: grouped by pack and sorted by offset, each run of chunks that lie
         * close together (gaps under {@link #BATCH_GAP}, at most {@link #BATCH_SPAN} in all) read with one range
         * request, then each file written from its slice. Thousands of small files cost a few reads, not one
         * open-read-close (or HTTP request) each.
         */
        void submitBatches() throws IOException {
            Map<String, List<SingleChunkFile>> byPack = new LinkedHashMap<>();
            for (SingleChunkFile f : single) byPack.computeIfAbsent(f.loc().pack(), k -> new ArrayList<>()).add(f);
            single.clear();
            for (List<SingleChunkFile> files : byPack.values()) {
                files.sort(Comparator.comparingLong(f -> f.loc().offset()));
                int from = 0;
                for (int i = 1; i <= files.size(); i++) {
                    if (i < files.size()) {
                        Model.Location first = files.get(from).loc();
                        Model.Location prev = files.get(i - 1).loc();
                        Model.Location cur = files.get(i).loc();
                        boolean close = cur.offset() - (prev.offset() + prev.length()) <= BATCH_GAP
                                && cur.offset() + cur.length() - first.offset() <= BATCH_SPAN;
                        if (close) continue;
                    }
                    List<SingleChunkFile> batch = List.copyOf(files.subList(from, i));
                    submit(batch.get(0).rel(), () -> restoreBatch(batch, this));
                    from = i;
                }
            }
        }

        void submit(String rel, IoAction action) throws IOException {
            checkFailure();
            try {
                queued.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("restore interrupted");
            }
            pending.add(fileWorkers.submit(() -> {
                try {
                    if (failure == null) action.run();
                } catch (IOException | RuntimeException e) {
                    synchronized (this) {
                        if (failure == null) failure = e; // the first one is reported; the others stop early
                    }
                } finally {
                    queued.release();
                }
            }));
            pending.removeIf(java.util.concurrent.Future::isDone);
        }

        void awaitFiles() throws IOException {
            for (java.util.concurrent.Future<?> f : pending) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("restore interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException(e.getCause());
                }
            }
            pending.clear();
            checkFailure();
        }

        void checkFailure() throws IOException {
            Exception f = failure;
            if (f instanceof IOException io) throw io;
            if (f instanceof RuntimeException re) throw re;
        }

        synchronized void progress(String rel) {
            progress.update(files.get(), bytes.get(), 0, rel);
        }

        @Override
        public void close() {
            fileWorkers.shutdownNow();
            chunkWorkers.shutdownNow();
        }
    }

    private void restoreNode(Model.Node n, String rel, Path dir, List<String> inc, Restorer r) throws IOException {
        String name = n.name();
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0)
            throw BackupException.integrity("snapshot holds an unsafe name: " + name);
        boolean selected = inc.isEmpty() || inc.stream().anyMatch(i -> rel.equals(i) || rel.startsWith(i + "/"));
        boolean ancestor = !selected && inc.stream().anyMatch(i -> i.startsWith(rel + "/"));
        if (!selected && !ancestor) return;
        Path p = dir.resolve(name);
        if (n.isDir()) {
            Files.createDirectories(p);
            for (Model.Node c : n.children()) restoreNode(c, rel + "/" + c.name(), p, inc, r);
            if (selected) {
                // after the files in it are written (children come first in this list: deepest first)
                r.dirMetadata.add(() -> {
                    try {
                        setMode(p, n.mode());
                        Files.setLastModifiedTime(p, FileTime.from(Instant.parse(n.mtime())));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                r.dirs++;
            }
        } else if (n.isSymlink()) {
            Files.deleteIfExists(p);
            Files.createSymbolicLink(p, Path.of(n.target()));
            try {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(FileTime.from(Instant.parse(n.mtime())), null, null);
            } catch (IOException | UnsupportedOperationException e) {
                // not every platform sets a link's own time; the link itself is what matters
            }
            r.symlinks++;
        } else if (n.isFile()) {
            Model.Location loc = n.chunks().size() == 1 ? r.index.chunks().get(n.chunks().get(0)) : null;
            if (loc != null) r.single.add(new SingleChunkFile(n, rel, p, loc));
            else r.submitFile(n, rel, p);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private record SingleChunkFile(Model.Node node, String rel, Path path, Model.Location loc) {
    }

    /** Runs of chunks closer than this in a pack are read with one range request when restoring small files. */
    static final int BATCH_GAP = 256 * 1024;
    /** The most one batched range request reads. */
    static final int BATCH_SPAN = 8 * 1024 * 1024;

    private void restoreBatch(List<SingleChunkFile> batch, Restorer r) throws IOException {
        Model.Location first = batch.get(0).loc();
        Model.Location last = batch.get(batch.size() - 1).loc();
        byte[] span;
        try {
            span = repo.backend().getRange(BlobType.PACK, first.pack(), first.offset(), (int) (last.offset() + last.length() - first.offset()));
        } catch (NoSuchFileException e) {
            throw BackupException.integrity(batch.get(0).rel() + ": a pack it needs is missing from the repository: " + e.getMessage());
        }
        for (SingleChunkFile f : batch) {
            if (r.failure != null) return;
            int at = (int) (f.loc().offset() - first.offset());
            byte[] sealed = java.util.Arrays.copyOfRange(span, at, at + f.loc().length());
            restoreFile(f.node(), f.rel(), f.path(), r, () -> repo.openChunk(f.node().chunks().get(0), f.loc(), sealed));
        }
    }

    private interface ChunkSource {
        byte[] get() throws IOException;
    }

    /**
     * Writes one file to a temporary name and renames it when whole: its only chunk from {@code single} if given,
     * else its chunks read ahead on the chunk pool.
     */
    private void restoreFile(Model.Node n, String rel, Path p, Restorer r, ChunkSource single) throws IOException {
        Path tmp = p.resolveSibling(".lwb-restore-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        boolean moved = false;
        java.util.ArrayDeque<java.util.concurrent.Future<byte[]>> ahead = new java.util.ArrayDeque<>();
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                List<String> ids = n.chunks();
                int next = 0;
                for (int i = 0; i < ids.size(); i++) {
                    byte[] plain;
                    if (single != null) {
                        plain = single.get();
                    } else if (ids.size() == 1) {
                        plain = readChunk(rel, ids.get(0), r.index);
                    } else {
                        while (next < ids.size() && next < i + RESTORE_READ_AHEAD) {
                            String id = ids.get(next++);
                            ahead.add(r.chunkWorkers.submit(() -> readChunk(rel, id, r.index)));
                        }
                        plain = awaitChunk(ahead.poll());
                    }
                    out.write(plain);
                    r.bytes.addAndGet(plain.length);
                    r.progress(rel);
                }
            } catch (NoSuchFileException e) {
                throw BackupException.integrity(rel + ": a pack it needs is missing from the repository: " + e.getMessage());
            } catch (BackupException e) {
                throw new BackupException(e.kind(), "restoring " + rel + ": " + e.getMessage(), e);
            }
            setMode(tmp, n.mode());
            Files.setLastModifiedTime(tmp, FileTime.from(Instant.parse(n.mtime())));
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            for (java.util.concurrent.Future<byte[]> f : ahead) f.cancel(true);
            if (!moved) Files.deleteIfExists(tmp);
        }
        r.files.incrementAndGet();
    }

    private byte[] readChunk(String rel, String id, Repository.Index index) throws IOException {
        Model.Location loc = index.chunks().get(id);
        if (loc == null) throw BackupException.integrity(rel + ": chunk " + Repository.shortId(id) + " is in no index: the repository lost data");
        return repo.readChunk(id, loc);
    }

    private static byte[] awaitChunk(java.util.concurrent.Future<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("restore interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    private static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < 9; i++) if ((mode & (1 << i)) != 0) perms.add(order[i]);
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // a file system without POSIX permissions keeps its defaults
        }
    }

    // ------------------------------------------------------------------ verify

    /** What verify found; empty {@code errors} means the repository is whole. */
    public record VerifyReport(List<String> errors, List<String> warnings, long packsRead, long chunksChecked) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * Checks structure (every key, index and snapshot blob is whole and decrypts; every chunk a snapshot names is in
     * the index; every pack the index names exists) and, with {@code readData}, every pack byte for byte: name hash,
     * signature, header, and every chunk decrypted and matched to its keyed id.
     */
    public VerifyReport verify(boolean readData) throws IOException {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Backend b = repo.backend();
        for (String k : b.list(BlobType.KEYS))
            if (!Crypto.hex(Crypto.sha256(b.get(BlobType.KEYS, k))).equals(k)) errors.add("keys/" + k + ": content does not match its name");
        Map<String, Model.Location> chunks = new HashMap<>();
        Map<String, List<Model.IndexEntry>> packs = new LinkedHashMap<>();
        for (String name : b.list(BlobType.INDEX)) {
            try {
                for (Model.IndexPack p : repo.getDoc(BlobType.INDEX, name, Model.IndexDoc.class).packs()) {
                    packs.put(p.id(), p.blobs());
                    for (Model.IndexEntry e : p.blobs()) chunks.putIfAbsent(e.id(), new Model.Location(p.id(), e.off(), e.len(), e.raw()));
                }
            } catch (BackupException e) {
                errors.add(e.getMessage());
            }
        }
        for (String name : b.list(BlobType.SNAPSHOT)) {
            try {
                Model.Snapshot s = repo.getDoc(BlobType.SNAPSHOT, name, Model.Snapshot.class);
                checkTree(s.root(), "", chunks, "snapshot " + Repository.shortId(name), errors);
            } catch (BackupException e) {
                errors.add(e.getMessage());
            }
        }
        Set<String> stored = new HashSet<>(b.list(BlobType.PACK));
        for (String p : packs.keySet()) if (!stored.contains(p)) errors.add("pack " + Repository.shortId(p) + " is in the index but missing");
        for (String p : stored) if (!packs.containsKey(p)) warnings.add("pack " + Repository.shortId(p) + " is in no index (an interrupted push?); prune removes it");
        long packsRead = 0;
        long chunksChecked = 0;
        if (readData) {
            for (String p : stored) {
                packsRead++;
                try {
                    byte[] file = b.get(BlobType.PACK, p);
                    repo.checkSigned(BlobType.PACK, p, file);
                    List<Model.IndexEntry> header = repo.readPackHeader(p, file);
                    List<Model.IndexEntry> indexed = packs.get(p);
                    if (indexed != null && !new HashSet<>(header).equals(new HashSet<>(indexed)))
                        errors.add("pack " + Repository.shortId(p) + ": its header and the index disagree");
                    for (Model.IndexEntry e : header) {
                        try {
                            Model.Location loc = new Model.Location(p, e.off(), e.len(), e.raw());
                            repo.openChunk(e.id(), loc, java.util.Arrays.copyOfRange(file, (int) e.off(), (int) e.off() + e.len()));
                            chunksChecked++;
                        } catch (BackupException ex) {
                            errors.add(ex.getMessage());
                        }
                    }
                } catch (BackupException e) {
                    errors.add(e.getMessage());
                }
                progress.update(packsRead, chunksChecked, 0, "pack " + Repository.shortId(p));
            }
        }
        return new VerifyReport(errors, warnings, packsRead, chunksChecked);
    }

    private static void checkTree(Model.Node n, String rel, Map<String, Model.Location> chunks, String where, List<String> errors) {
        if (n.isFile())
            for (String c : n.chunks())
                if (!chunks.containsKey(c)) errors.add(where + ": " + rel + ": chunk " + Repository.shortId(c) + " is in no index");
        if (n.children() != null)
            for (Model.Node c : n.children()) checkTree(c, rel.isEmpty() ? c.name() : rel + "/" + c.name(), chunks, where, errors);
    }

    /**
     * What a partner can check with only the verify key (no decryption): every pack, index, snapshot and lock blob
     * is whole and signed by a key holder. Returns the problems found.
     */
    public static List<String> verifyBlind(Backend backend, byte[] verifyKey) throws IOException {
        List<String> errors = new ArrayList<>();
        for (BlobType t : List.of(BlobType.PACK, BlobType.INDEX, BlobType.SNAPSHOT, BlobType.LOCK))
            for (String name : backend.list(t)) {
                try {
                    Repository.checkEnvelope(verifyKey, t, name, backend.get(t, name));
                } catch (BackupException e) {
                    errors.add(e.getMessage());
                } catch (NoSuchFileException e) {
                    // deleted meanwhile (a released lock)
                }
            }
        return errors;
    }

    // ------------------------------------------------------------------ forget and prune

    /** restic's policy: a snapshot is kept if any rule keeps it; 0 disables a rule. */
    public record KeepPolicy(int last, int daily, int weekly, int monthly) {
        public boolean isEmpty() {
            return last <= 0 && daily <= 0 && weekly <= 0 && monthly <= 0;
        }
    }

    public record ForgetResult(List<String> kept, List<String> removed) {
    }

    /** Removes the snapshots {@code policy} does not keep (newest first, one per day/week/month bucket). */
    public ForgetResult forget(KeepPolicy policy, ZoneId zone) throws IOException {
        if (policy.isEmpty()) throw new BackupException(BackupException.Kind.USAGE, "forget needs at least one --keep-* rule; it would remove every snapshot");
        try (Repository.Lock lock = repo.lock(true)) {
            List<SnapshotRef> all = new ArrayList<>(snapshots());
            java.util.Collections.reverse(all);
            int last = policy.last();
            int[] left = {policy.daily(), policy.weekly(), policy.monthly()};
            String[] lastBucket = new String[3];
            List<String> kept = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (SnapshotRef s : all) {
                ZonedDateTime t = Instant.parse(s.snapshot().time()).atZone(zone);
                String[] bucket = {t.toLocalDate().toString(),
                    t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
                    t.getYear() + "-" + t.getMonthValue()};
                boolean keep = false;
                if (last > 0) {
                    last--;
                    keep = true;
                }
                for (int i = 0; i < 3; i++)
                    if (left[i] > 0 && !bucket[i].equals(lastBucket[i])) {
                        lastBucket[i] = bucket[i];
                        left[i]--;
                        keep = true;
                    }
                if (keep) kept.add(s.id());
                else removed.add(s.id());
            }
            for (String id : removed) repo.backend().delete(BlobType.SNAPSHOT, id);
            return new ForgetResult(kept, removed);
        }
    }

    public record PruneResult(long packsDeleted, long packsRepacked, long chunksRemoved, long bytesFreed) {
    }

    /**
     * Removes data no snapshot uses: packs with only unused chunks are deleted, packs with some are rewritten with
     * the used ones, packs in no index (interrupted pushes) are deleted. New packs and the new index are written
     * before anything is deleted, so a crash loses nothing.
     */
    public PruneResult prune() throws IOException {
        try (Repository.Lock lock = repo.lock(true); Repository.PackWriter writer = repo.packWriter()) {
            Set<String> used = new HashSet<>();
            for (SnapshotRef s : snapshots()) collect(s.snapshot().root(), used);
            Repository.Index index = repo.loadIndex();
            Backend b = repo.backend();
            List<Model.IndexPack> keep = new ArrayList<>();
            List<String> delete = new ArrayList<>();
            Set<String> placed = new HashSet<>();
            long repacked = 0;
            long chunksRemoved = 0;
            long freed = 0;
            for (String pack : b.list(BlobType.PACK)) {
                List<Model.IndexEntry> entries = index.packs().get(pack);
                if (entries == null) {
                    delete.add(pack);
                    freed += b.size(BlobType.PACK, pack);
                    continue;
                }
                List<Model.IndexEntry> live = entries.stream().filter(e -> used.contains(e.id()) && !placed.contains(e.id())).toList();
                if (live.size() == entries.size()) {
                    keep.add(new Model.IndexPack(pack, entries));
                    live.forEach(e -> placed.add(e.id()));
                    continue;
                }
                chunksRemoved += entries.size() - live.size();
                freed += b.size(BlobType.PACK, pack);
                delete.add(pack);
                if (!live.isEmpty()) repacked++;
                for (Model.IndexEntry e : live) {
                    byte[] plain = repo.readChunk(e.id(), new Model.Location(pack, e.off(), e.len(), e.raw()));
                    writer.add(e.id(), plain, 0, plain.length);
                    placed.add(e.id());
                    lock.refresh();
                }
            }
            writer.flush();
            List<Model.IndexPack> fresh = writer.drain();
            for (Model.IndexPack p : fresh) freed -= b.size(BlobType.PACK, p.id());
            keep.addAll(fresh);
            List<String> oldIndex = b.list(BlobType.INDEX);
            if (delete.isEmpty() && oldIndex.size() <= 1) return new PruneResult(0, 0, 0, 0);
            String newIndex = repo.putDoc(BlobType.INDEX, new Model.IndexDoc(keep));
            for (String i : oldIndex) if (!i.equals(newIndex)) b.delete(BlobType.INDEX, i);
            for (String p : delete) b.delete(BlobType.PACK, p);
            return new PruneResult(delete.size() - repacked, repacked, chunksRemoved, Math.max(0, freed));
        }
    }

    private static void collect(Model.Node n, Set<String> used) {
        if (n.isFile()) used.addAll(n.chunks());
        if (n.children() != null) for (Model.Node c : n.children()) collect(c, used);
    }

    // ------------------------------------------------------------------ stats

    public record Stats(int snapshots, int packs, long storedBytes, int chunks, long uniqueBytes, long logicalBytes,
                        long latestBytes) {
        /** Logical bytes over all snapshots per byte of unique chunk data. */
        public double dedupRatio() {
            return uniqueBytes == 0 ? 1.0 : (double) logicalBytes / uniqueBytes;
        }
    }

    public Stats stats() throws IOException {
        List<SnapshotRef> snaps = snapshots();
        Repository.Index index = repo.loadIndex();
        long stored = 0;
        List<String> packs = repo.backend().list(BlobType.PACK);
        for (String p : packs) stored += repo.backend().size(BlobType.PACK, p);
        long unique = index.chunks().values().stream().mapToLong(Model.Location::rawLength).sum();
        long logical = 0;
        long latest = 0;
        for (SnapshotRef s : snaps) {
            latest = size(s.snapshot().root());
            logical += latest;
        }
        return new Stats(snaps.size(), packs.size(), stored, index.chunks().size(), unique, logical, latest);
    }

    private static long size(Model.Node n) {
        long s = n.isFile() ? n.size() : 0;
        if (n.children() != null) for (Model.Node c : n.children()) s += size(c);
        return s;
    }

    static void forEach(Model.Node n, String rel, Consumer<Map.Entry<String, Model.Node>> f) {
        f.accept(Map.entry(rel, n));
        if (n.children() != null) for (Model.Node c : n.children()) forEach(c, rel.isEmpty() ? c.name() : rel + "/" + c.name(), f);
    }
}
