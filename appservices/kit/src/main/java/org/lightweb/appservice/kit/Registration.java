package org.lightweb.appservice.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.lightweb.core.UserId;

/**
 * An application service registration, the YAML file bridges ship (spec: "Registration"): who the appservice is,
 * where the homeserver reaches it ({@code url}, null for an appservice that only sends), the two tokens, the
 * localpart of its sender user and the namespaces it claims. {@link #parse} reports every problem at once, each
 * naming its field.
 */
public record Registration(String id, String url, String asToken, String hsToken, String senderLocalpart,
                           Namespaces namespaces, boolean rateLimited, List<String> protocols,
                           boolean receiveEphemeral) {

    /** The MSC2409 spelling of {@code receive_ephemeral} that bridges written before Matrix 1.13 still use. */
    public static final String MSC2409_PUSH_EPHEMERAL = "de.sorunome.msc2409.push_ephemeral";

    private static final YAMLMapper YAML = YAMLMapper.builder(
            YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()).build();

    public Registration {
        protocols = List.copyOf(protocols);
    }

    /**
     * One namespace entry: a regular expression over full ids, and whether the appservice claims it alone. It matches
     * from the start of the id, as Synapse's {@code re.match} does ({@code "@_irc_"} covers {@code @_irc_bob:server});
     * anchor it with {@code $} to match whole ids only.
     */
    public record Namespace(boolean exclusive, Pattern regex) {
        public boolean matches(String id) { return regex.matcher(id).lookingAt(); }
    }

    /** The users, aliases and rooms the appservice is interested in. */
    public record Namespaces(List<Namespace> users, List<Namespace> aliases, List<Namespace> rooms) {
        public Namespaces {
            users = List.copyOf(users);
            aliases = List.copyOf(aliases);
            rooms = List.copyOf(rooms);
        }
        public static Namespaces none() { return new Namespaces(List.of(), List.of(), List.of()); }
    }

    /** The YAML was unreadable or broke the rules; {@link #problems()} lists each, naming its field. */
    public static final class InvalidRegistrationException extends IllegalArgumentException {
        private final List<String> problems;
        InvalidRegistrationException(List<String> problems) {
            super("invalid appservice registration: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }
        public List<String> problems() { return problems; }
    }

    /** The user the appservice acts as when it does not masquerade: {@code @sender_localpart:server}. */
    public String senderUserId(String serverName) { return "@" + senderLocalpart + ":" + serverName; }

    /** Whether a user id is in the user namespaces (exclusive or not). */
    public boolean isInterestedInUser(String userId) {
        return namespaces.users().stream().anyMatch(n -> n.matches(userId));
    }

    /** Whether a user id is the appservice's own (its sender) or in its user namespaces. */
    public boolean isInterestedInUser(String userId, String serverName) {
        return userId.equals(senderUserId(serverName)) || isInterestedInUser(userId);
    }

    public boolean ownsUserExclusively(String userId) {
        return namespaces.users().stream().anyMatch(n -> n.exclusive() && n.matches(userId));
    }

    public boolean isInterestedInAlias(String alias) { return namespaces.aliases().stream().anyMatch(n -> n.matches(alias)); }

    public boolean ownsAliasExclusively(String alias) {
        return namespaces.aliases().stream().anyMatch(n -> n.exclusive() && n.matches(alias));
    }

    public boolean isInterestedInRoom(String roomId) { return namespaces.rooms().stream().anyMatch(n -> n.matches(roomId)); }

    /** Parses and validates a registration; throws {@link InvalidRegistrationException} listing every problem. */
    public static Registration parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml == null ? "" : yaml);
        } catch (IOException e) {
            throw new InvalidRegistrationException(List.of("not valid YAML: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRegistrationException(List.of("the registration must be a YAML mapping of fields"));
        }
        List<String> problems = new ArrayList<>();
        String id = requiredString(root, "id", problems);
        String url = null;
        if (!root.has("url")) {
            problems.add("'url' is missing (write 'url: null' for an appservice the homeserver never calls)");
        } else if (!root.get("url").isNull()) {
            url = root.get("url").isTextual() ? root.get("url").asText() : null;
            if (url == null || !isHttpUrl(url)) problems.add("'url' must be an http(s) URL or null");
        }
        String asToken = requiredString(root, "as_token", problems);
        String hsToken = requiredString(root, "hs_token", problems);
        if (asToken != null && asToken.equals(hsToken)) problems.add("'as_token' and 'hs_token' must differ");
        String sender = requiredString(root, "sender_localpart", problems);
        if (sender != null && !UserId.isValidNewLocalpart(sender)) {
            problems.add("'sender_localpart' must use only a-z, 0-9 and ._=/+- (got '" + sender + "')");
        }
        Namespaces namespaces = Namespaces.none();
        JsonNode ns = root.get("namespaces");
        if (ns == null || ns.isNull()) {
            problems.add("'namespaces' is missing (give users, aliases and/or rooms, each a list)");
        } else if (!ns.isObject()) {
            problems.add("'namespaces' must be a mapping with users, aliases and rooms");
        } else {
            namespaces = new Namespaces(namespaceList(ns, "users", problems), namespaceList(ns, "aliases", problems),
                    namespaceList(ns, "rooms", problems));
        }
        boolean rateLimited = optionalBoolean(root, "rate_limited", true, problems);
        List<String> protocols = new ArrayList<>();
        JsonNode p = root.get("protocols");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) problems.add("'protocols' must be a list of strings");
            else p.forEach(e -> {
                if (e.isTextual()) protocols.add(e.asText());
                else problems.add("'protocols' must be a list of strings (found " + e.getNodeType() + ")");
            });
        }
        boolean ephemeral = optionalBoolean(root, "receive_ephemeral", false, problems)
                | optionalBoolean(root, MSC2409_PUSH_EPHEMERAL, false, problems);
        if (!problems.isEmpty()) throw new InvalidRegistrationException(problems);
        return new Registration(id, url, asToken, hsToken, sender, namespaces, rateLimited, protocols, ephemeral);
    }

    /** This registration as YAML, in the shape {@link #parse} reads. */
    public String toYaml() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("url", url);
        out.put("as_token", asToken);
        out.put("hs_token", hsToken);
        out.put("sender_localpart", senderLocalpart);
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("users", render(namespaces.users()));
        ns.put("aliases", render(namespaces.aliases()));
        ns.put("rooms", render(namespaces.rooms()));
        out.put("namespaces", ns);
        out.put("rate_limited", rateLimited);
        if (!protocols.isEmpty()) out.put("protocols", protocols);
        out.put("receive_ephemeral", receiveEphemeral);
        try {
            return YAML.writeValueAsString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> render(List<Namespace> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Namespace n : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exclusive", n.exclusive());
            m.put("regex", n.regex().pattern());
            out.add(m);
        }
        return out;
    }

    private static List<Namespace> namespaceList(JsonNode ns, String kind, List<String> problems) {
        JsonNode list = ns.get(kind);
        List<Namespace> out = new ArrayList<>();
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) {
            problems.add("'namespaces." + kind + "' must be a list of {exclusive, regex}");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String field = "namespaces." + kind + "[" + i + "]";
            if (!e.isObject()) {
                problems.add("'" + field + "' must be a mapping with exclusive and regex");
                continue;
            }
            JsonNode exclusive = e.get("exclusive");
            if (exclusive == null || !exclusive.isBoolean()) problems.add("'" + field + ".exclusive' must be true or false");
            JsonNode regex = e.get("regex");
            if (regex == null || !regex.isTextual() || regex.asText().isEmpty()) {
                problems.add("'" + field + ".regex' must be a non-empty string");
                continue;
            }
            try {
                out.add(new Namespace(exclusive != null && exclusive.asBoolean(), Pattern.compile(regex.asText())));
            } catch (PatternSyntaxException bad) {
                problems.add("'" + field + ".regex' is not a valid regular expression: " + bad.getDescription());
            }
        }
        return out;
    }

    private static String requiredString(JsonNode root, String field, List<String> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            problems.add("'" + field + "' is missing");
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add("'" + field + "' must be a non-empty string");
            return null;
        }
        return v.asText();
    }

    private static boolean optionalBoolean(JsonNode root, String field, boolean dflt, List<String> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isBoolean()) {
            problems.add("'" + field + "' must be true or false");
            return dflt;
        }
        return v.asBoolean();
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
