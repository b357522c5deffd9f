package org.lightweb.server.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An application service's registration (spec: Application Service API, "Registration"), the YAML file bridges
 * ship. Namespace regexes match from the start of the value, as Synapse's {@code re.match} does.
 *
 * @param url              where transactions go; null when the appservice wants none
 * @param receiveEphemeral whether it gets typing, receipts and presence (receive_ephemeral, or MSC2409's name)
 */
public record Registration(String id, String url, String asToken, String hsToken, String senderLocalpart,
                           List<Namespace> users, List<Namespace> aliases, List<Namespace> rooms, boolean rateLimited,
                           List<String> protocols, boolean receiveEphemeral) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One namespace entry. */
    public record Namespace(boolean exclusive, Pattern regex) {
        boolean matches(String value) { return regex.matcher(value).lookingAt(); }
    }

    /** A registration that is not valid: the message names the source, the field and what is expected. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) { super(message); }
    }

    /** Parses and checks registration YAML; {@code source} names it in messages (a file, "pasted registration"). */
    public static Registration parse(String yaml, String source) throws Invalid {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (java.io.IOException e) {
            throw new Invalid(source + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new Invalid(source + ": expected a map of registration fields");
        String id = requiredString(root, "id", source);
        String where = source + " (appservice " + id + ")";
        JsonNode urlNode = root.get("url");
        String url = null;
        if (urlNode != null && !urlNode.isNull()) {
            if (!urlNode.isTextual()) throw new Invalid(where + ": field 'url' must be a URL or null");
            url = urlNode.asText().replaceAll("/+$", "");
            if (!url.matches("https?://[^\\s/]+(/.*)?")) throw new Invalid(where + ": field 'url' must be an http(s) URL, not '" + url + "'");
        }
        String asToken = requiredString(root, "as_token", where);
        String hsToken = requiredString(root, "hs_token", where);
        if (asToken.equals(hsToken)) throw new Invalid(where + ": as_token and hs_token must differ");
        String sender = requiredString(root, "sender_localpart", where);
        if (!sender.matches("[a-z0-9._=/+-]+")) {
            throw new Invalid(where + ": field 'sender_localpart' must be a valid user localpart, not '" + sender + "'");
        }
        JsonNode ns = root.get("namespaces");
        if (ns != null && !ns.isNull() && !ns.isObject()) throw new Invalid(where + ": field 'namespaces' must be a map");
        List<Namespace> users = namespaces(ns, "users", where);
        List<Namespace> aliases = namespaces(ns, "aliases", where);
        List<Namespace> rooms = namespaces(ns, "rooms", where);
        boolean rateLimited = bool(root, "rate_limited", true, where);
        boolean ephemeral = bool(root, "receive_ephemeral", false, where)
                || bool(root, "de.sorunome.msc2409.push_ephemeral", false, where);
        List<String> protocols = new ArrayList<>();
        JsonNode p = root.get("protocols");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) throw new Invalid(where + ": field 'protocols' must be a list of strings");
            for (JsonNode x : p) {
                if (!x.isTextual()) throw new Invalid(where + ": field 'protocols' must be a list of strings");
                protocols.add(x.asText());
            }
        }
        return new Registration(id, url, asToken, hsToken, sender, users, aliases, rooms, rateLimited,
                List.copyOf(protocols), ephemeral);
    }

    private static List<Namespace> namespaces(JsonNode ns, String kind, String where) throws Invalid {
        List<Namespace> out = new ArrayList<>();
        JsonNode list = ns == null ? null : ns.get(kind);
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) throw new Invalid(where + ": field 'namespaces." + kind + "' must be a list of {exclusive, regex}");
        int i = 0;
        for (JsonNode entry : list) {
            String field = "namespaces." + kind + "[" + i++ + "]";
            if (!entry.isObject() || !entry.path("regex").isTextual()) {
                throw new Invalid(where + ": field '" + field + "' must be {exclusive: true|false, regex: STRING}");
            }
            JsonNode ex = entry.get("exclusive");
            if (ex != null && !ex.isNull() && !ex.isBoolean()) throw new Invalid(where + ": field '" + field + ".exclusive' must be true or false");
            try {
                out.add(new Namespace(ex != null && ex.asBoolean(), Pattern.compile(entry.get("regex").asText())));
            } catch (PatternSyntaxException e) {
                throw new Invalid(where + ": field '" + field + ".regex' is not a valid regular expression: " + firstLine(e.getMessage()));
            }
        }
        return List.copyOf(out);
    }

    private static String requiredString(JsonNode root, String field, String where) throws Invalid {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new Invalid(where + ": field '" + field + "' is required: a non-empty string");
        return v.asText();
    }

    private static boolean bool(JsonNode root, String field, boolean def, String where) throws Invalid {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return def;
        if (!v.isBoolean()) throw new Invalid(where + ": field '" + field + "' must be true or false");
        return v.asBoolean();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The appservice's own user: {@code @sender_localpart:server}. */
    public String sender(String serverName) { return "@" + senderLocalpart + ":" + serverName; }

    /** Whether a user is the appservice's own or in its user namespaces (exclusive or not). */
    public boolean isInterestedInUser(String userId, String serverName) {
        return userId.equals(sender(serverName)) || users.stream().anyMatch(n -> n.matches(userId));
    }

    public boolean ownsUserExclusively(String userId) { return users.stream().anyMatch(n -> n.exclusive() && n.matches(userId)); }

    public boolean isInterestedInAlias(String alias) { return aliases.stream().anyMatch(n -> n.matches(alias)); }

    public boolean ownsAliasExclusively(String alias) { return aliases.stream().anyMatch(n -> n.exclusive() && n.matches(alias)); }

    public boolean isInterestedInRoom(String roomId) { return rooms.stream().anyMatch(n -> n.matches(roomId)); }
}
