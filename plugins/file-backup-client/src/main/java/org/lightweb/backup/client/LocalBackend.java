package org.lightweb.backup.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A repository in a local directory, laid out as restic's: {@code config}, {@code keys/}, {@code data/xx/} (packs
 * fanned out by the first two hex digits), {@code index/}, {@code snapshots/}, {@code locks/}. Writes go to a
 * temporary file in the same directory and are renamed into place, so a crash never leaves half a blob under its
 * name.
 */
public final class LocalBackend implements Backend {
    private static final Pattern NAME = Pattern.compile("[0-9a-z]{1,128}");
    private final Path root;

    public LocalBackend(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    private Path path(BlobType type, String name) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad blob name: " + name);
        if (type == BlobType.CONFIG) return root.resolve("config");
        Path dir = root.resolve(type.dir);
        if (type == BlobType.PACK) dir = dir.resolve(name.length() >= 2 ? name.substring(0, 2) : "00");
        return dir.resolve(name);
    }

    @Override
    public List<String> list(BlobType type) throws IOException {
        if (type == BlobType.CONFIG) return Files.exists(root.resolve("config")) ? List.of("config") : List.of();
        Path dir = root.resolve(type.dir);
        List<String> names = new ArrayList<>();
        if (type == BlobType.PACK) {
            for (String sub : names(dir)) names.addAll(names(dir.resolve(sub)));
        } else {
            names.addAll(names(dir));
        }
        names.sort(null);
        return names;
    }

    /**
     * Entry names of a directory that are blob names. Only names are read, never attributes: another writer's
     * temporary file ({@code .tmp-...}, not a blob name) may vanish while we list, and must not fail the listing.
     */
    private static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (NAME.matcher(n).matches()) out.add(n);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return out;
    }

    @Override
    public boolean has(BlobType type, String name) {
        return Files.isRegularFile(path(type, name));
    }

    @Override
    public void put(BlobType type, String name, byte[] content) throws IOException {
        Path target = path(type, name);
        if (type != BlobType.CONFIG && Files.isRegularFile(target)) return; // write-once: same name, same content
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".tmp-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public byte[] get(BlobType type, String name) throws IOException {
        return Files.readAllBytes(path(type, name));
    }

    @Override
    public byte[] getRange(BlobType type, String name, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(path(type, name), StandardOpenOption.READ)) {
            if (offset < 0 || offset + length > ch.size())
                throw new IOException(type.dir + "/" + name + ": range " + offset + "+" + length + " is past the end (" + ch.size() + " bytes)");
            ByteBuffer buf = ByteBuffer.allocate(length);
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) throw new IOException("short read of " + type.dir + "/" + name);
                pos += n;
            }
            return buf.array();
        }
    }

    @Override
    public void delete(BlobType type, String name) throws IOException {
        Files.deleteIfExists(path(type, name));
    }

    @Override
    public long size(BlobType type, String name) throws IOException {
        Path p = path(type, name);
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }
}
