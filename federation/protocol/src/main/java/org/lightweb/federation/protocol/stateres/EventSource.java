package org.lightweb.federation.protocol.stateres;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lightweb.federation.protocol.Pdu;

/**
 * Every event state resolution may touch, loaded by the caller before the algorithm runs: the events of all state
 * sets and their full auth chains (for room version 12 also the create event, which no longer appears in
 * {@code auth_events}). State resolution never fetches; it fails with {@link StateResolutionException} when an event
 * is missing.
 */
public interface EventSource {
    /** The event with this ID, if it was loaded. */
    Optional<Pdu> find(String eventId);

    /**
     * True when the event was rejected on receipt ("Rejected events" in the state resolution fragment). Rejected
     * events are never used to authorise another event during the iterative auth checks.
     */
    default boolean rejected(String eventId) {
        return false;
    }

    /** An event source over already loaded events, none of them rejected. */
    static EventSource of(Collection<Pdu> events) {
        return of(events, Set.of());
    }

    /** An event source over already loaded events, with the IDs of those that were rejected. */
    static EventSource of(Collection<Pdu> events, Set<String> rejectedIds) {
        Map<String, Pdu> byId = events.stream().collect(Collectors.toUnmodifiableMap(Pdu::eventId, Function.identity(), (a, b) -> a));
        Set<String> rejected = Set.copyOf(rejectedIds);
        return new EventSource() {
            @Override
            public Optional<Pdu> find(String eventId) { return Optional.ofNullable(byId.get(eventId)); }

            @Override
            public boolean rejected(String eventId) { return rejected.contains(eventId); }
        };
    }
}
