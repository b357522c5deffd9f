package org.lightweb.backup.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The member's address books from the node's contact-sync plugin ({@code GET /_lightweb/contact-sync/v1/export} with
 * the login's access token), written as vCard files under a temporary {@code lightweb-contacts} directory that
 * {@code push --contacts} adds to the snapshot: the cards are then encrypted like every other file, with keys only
 * the member holds.
 */
final class ContactsExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ROOT = "lightweb-contacts";

    private ContactsExport() {}

    /** Fetches the books and writes them; answers the {@code lightweb-contacts} directory (inside a temp dir). */
    static Path fetch(ServerLogin.State state, Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(state.server().replaceAll("/+$", "")
                        + "/_lightweb/contact-sync/v1/export"))
                .timeout(timeout).header("Authorization", "Bearer " + state.accessToken()).GET().build();
        HttpResponse<byte[]> res;
        try {
            res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (res.statusCode() == 404) {
            throw BackupException.failed("the node has no contact sync (the contact-sync plugin is not installed)");
        }
        if (res.statusCode() == 401) throw BackupException.failed("the node refused the login: log in again");
        if (res.statusCode() != 200) throw BackupException.failed("the node answered " + res.statusCode() + " for the contacts");
        JsonNode body = JSON.readTree(res.body());
        Path root = Files.createDirectories(Files.createTempDirectory("lightweb-backup-").resolve(ROOT));
        for (JsonNode book : body.path("books")) {
            Path dir = Files.createDirectories(root.resolve(safe(book.path("book").asText())));
            for (JsonNode card : book.path("cards")) {
                String name = safe(card.path("name").asText());
                Files.writeString(dir.resolve(name.endsWith(".vcf") ? name : name + ".vcf"), card.path("vcard").asText(),
                        StandardCharsets.UTF_8);
            }
        }
        return root;
    }

    /** A file name from the node, never a path: '/' and '..' cannot leave the directory. */
    static String safe(String name) {
        String s = name.replace('/', '_').replace('\\', '_');
        if (s.isEmpty() || s.equals(".") || s.equals("..")) return "_" + s;
        return s;
    }

    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
