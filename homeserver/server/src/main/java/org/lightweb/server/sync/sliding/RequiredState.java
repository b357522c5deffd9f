package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.MatrixException;
import org.lightweb.storage.rooms.StateKeyId;

/**
 * The state a client asks for in a room (MSC4186 {@code required_state}): event type -> state keys, where
 * {@code "*"} is any type or any key, {@code ["m.room.member", "$LAZY"]} the members the timeline needs and
 * {@code "$ME"} the user's own ID. Combined room configs are unions ("Combining room configs"). Immutable.
 *
 * <p>The request form Synapse and today's clients send is a list of {@code [type, state_key]} pairs; the MSC's
 * newer object form {@code {include: [{type?, state_key?}], exclude: [...], lazy_members}} is read as well.
 */
public record RequiredState(Map<String, Set<String>> include, List<StateKeyId> exclude) {
    public static final String WILDCARD = "*";
    public static final String LAZY = "$LAZY";
    public static final String ME = "$ME";
    public static final String MEMBER = "m.room.member";
    public static final RequiredState NONE = new RequiredState(Map.of(), List.of());

    public RequiredState {
        Map<String, Set<String>> copy = new HashMap<>();
        include.forEach((t, keys) -> copy.put(t, Set.copyOf(keys)));
        include = Map.copyOf(copy);
        exclude = List.copyOf(exclude);
    }

    public static RequiredState parse(JsonNode n) {
        if (n == null || n.isNull()) return NONE;
        Map<String, Set<String>> include = new HashMap<>();
        if (n.isArray()) {
            for (JsonNode pair : n) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                    throw MatrixException.badJson("required_state entries must be [event type, state key] pairs");
                }
                include.computeIfAbsent(pair.get(0).asText(), k -> new HashSet<>()).add(pair.get(1).asText());
            }
            return new RequiredState(include, List.of());
        }
        if (!n.isObject()) throw MatrixException.badJson("required_state must be a list of pairs or an object");
        for (StateKeyId e : elements(n.get("include"))) {
            include.computeIfAbsent(e.type(), k -> new HashSet<>()).add(e.stateKey());
        }
        JsonNode lazy = n.get("lazy_members");
        if (lazy != null && !lazy.isNull() && !lazy.isBoolean()) throw MatrixException.badJson("lazy_members must be a boolean");
        if (lazy != null && lazy.asBoolean()) include.computeIfAbsent(MEMBER, k -> new HashSet<>()).add(LAZY);
        return new RequiredState(include, elements(n.get("exclude")));
    }

    private static List<StateKeyId> elements(JsonNode list) {
        if (list == null || list.isNull()) return List.of();
        if (!list.isArray()) throw MatrixException.badJson("required_state include/exclude must be lists");
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(e -> {
            if (!e.isObject()) throw MatrixException.badJson("required_state elements must be objects");
            JsonNode type = e.get("type");
            JsonNode key = e.get("state_key");
            if (type != null && !type.isTextual() || key != null && !key.isTextual()) {
                throw MatrixException.badJson("required_state type and state_key must be strings");
            }
            return new StateKeyId(type == null ? WILDCARD : type.asText(), key == null ? WILDCARD : key.asText());
        }).toList();
    }

    /** The superset of both (MSC4186 "Combining room configs"). */
    public RequiredState union(RequiredState other) {
        Map<String, Set<String>> merged = new HashMap<>();
        include.forEach((t, k) -> merged.computeIfAbsent(t, x -> new HashSet<>()).addAll(k));
        other.include.forEach((t, k) -> merged.computeIfAbsent(t, x -> new HashSet<>()).addAll(k));
        // An exclusion holds only when both configs make it; otherwise one of them asks for the state.
        List<StateKeyId> both = exclude.stream().filter(other.exclude::contains).toList();
        return new RequiredState(merged, include.isEmpty() ? other.exclude : other.include.isEmpty() ? exclude : both);
    }

    public boolean lazyMembers() { return include.getOrDefault(MEMBER, Set.of()).contains(LAZY); }

    /** Whether this asks for every state event (type and key wildcards). */
    public boolean everything() { return include.getOrDefault(WILDCARD, Set.of()).contains(WILDCARD) && exclude.isEmpty(); }

    /**
     * The concrete request for one room and response: {@code $ME} becomes the user's ID and the lazily needed
     * members are added as explicit keys (the marker stays, so the connection remembers lazy loading is on).
     */
    public RequiredState expand(String userId, Set<String> lazyMembers) {
        Map<String, Set<String>> out = new HashMap<>();
        include.forEach((type, keys) -> {
            Set<String> concrete = new HashSet<>();
            for (String k : keys) concrete.add(k.equals(ME) ? userId : k);
            out.put(type, concrete);
        });
        if (lazyMembers()) out.get(MEMBER).addAll(lazyMembers);
        return new RequiredState(out, exclude);
    }

    /** Whether the state entry is asked for. {@code $LAZY} itself matches nothing: {@link #expand} resolves it. */
    public boolean matches(StateKeyId key) {
        if (key.type().equals(MEMBER) && key.stateKey().equals(LAZY)) return false;
        boolean included = keyMatches(include.get(key.type()), key.stateKey()) || keyMatches(include.get(WILDCARD), key.stateKey());
        if (!included) return false;
        // Keys named outright (lazily loaded members among them: MSC4186 does not exclude those) stay in.
        if (include.getOrDefault(key.type(), Set.of()).contains(key.stateKey())) return true;
        for (StateKeyId x : exclude) {
            boolean typeHit = x.type().equals(WILDCARD) || x.type().equals(key.type());
            boolean keyHit = x.stateKey().equals(WILDCARD) || x.stateKey().equals(key.stateKey());
            if (typeHit && keyHit) return false;
        }
        return true;
    }

    private static boolean keyMatches(Set<String> keys, String stateKey) {
        return keys != null && (keys.contains(WILDCARD) || keys.contains(stateKey));
    }

    /**
     * What a connection remembers after sending with {@code this} expanded request: the request itself plus the
     * member keys sent lazily before (so they are not sent again while unchanged), at most {@code maxMembers}.
     */
    public RequiredState remembering(RequiredState previous, int maxMembers) {
        if (previous == null || !lazyMembers()) return this;
        Set<String> members = new HashSet<>(include.get(MEMBER));
        for (String k : previous.include.getOrDefault(MEMBER, Set.of())) {
            if (members.size() >= maxMembers) break;
            members.add(k);
        }
        Map<String, Set<String>> out = new HashMap<>(include);
        out.put(MEMBER, members);
        return new RequiredState(out, exclude);
    }
}
