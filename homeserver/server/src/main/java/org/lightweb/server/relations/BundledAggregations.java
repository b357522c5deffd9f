package org.lightweb.server.relations;

import org.lightweb.server.messages.IgnoredUsers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lightweb.server.http.Requester;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.storage.relations.RelationRepository;
import org.lightweb.storage.relations.RelationRepository.Aggregations;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Bundled aggregations ("Aggregations of child events"): {@code unsigned.m.relations} of every served event, with
 * what Synapse bundles: {@code m.replace} (the latest valid edit, as a whole event), {@code m.thread} (latest_event,
 * count, current_user_participated) and {@code m.reference} (the children's ids). Annotations are not bundled
 * (clients count reactions themselves, as with Synapse). State events and redacted events get no bundle (the spec
 * for both; Synapse also drops every bundle of a redacted event). A few queries per room of the batch; the related
 * events are formatted in one more batch, which bundles their own children (a thread's latest event carries its edit).
 */
public final class BundledAggregations implements ClientEvents.Bundler {
    private final RelationRepository relations;
    private final EventRepository events;
    private final IgnoredUsers ignoredUsers;

    public BundledAggregations(RelationRepository relations, EventRepository events, IgnoredUsers ignoredUsers) {
        this.relations = relations;
        this.events = events;
        this.ignoredUsers = ignoredUsers;
    }

    @Override
    public Future<Void> bundle(List<StoredEvent> batch, List<ObjectNode> formatted, Requester viewer, ClientEvents format) {
        Map<String, List<Integer>> parentsByRoom = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            StoredEvent e = batch.get(i);
            if (e.isState() || formatted.get(i).path("unsigned").has("redacted_because")) continue;
            parentsByRoom.computeIfAbsent(e.roomId(), k -> new ArrayList<>()).add(i);
        }
        if (parentsByRoom.isEmpty()) return Future.succeededFuture();
        String viewerId = viewer == null ? null : viewer.userId().toString();
        Map<String, Future<Aggregations>> byRoom = new LinkedHashMap<>();
        return ignoredUsers.of(viewerId).compose(ignored -> {
            parentsByRoom.forEach((room, indexes) -> byRoom.put(room, relations.aggregations(room,
                    indexes.stream().map(i -> batch.get(i).eventId()).toList(), viewerId, ignored)));
            return Future.all(new ArrayList<>(byRoom.values()));
        }).compose(ok -> {
            Set<String> relatedIds = new LinkedHashSet<>();
            byRoom.values().forEach(f -> {
                f.result().editCandidates().values().forEach(relatedIds::addAll);
                f.result().threads().values().forEach(t -> relatedIds.add(t.latestEventId()));
            });
            relatedIds.remove(null);
            return events.events(relatedIds).compose(related -> {
                Map<String, Bundle> bundles = new HashMap<>();
                parentsByRoom.forEach((room, indexes) -> {
                    Aggregations agg = byRoom.get(room).result();
                    for (int i : indexes) bundles.put(batch.get(i).eventId(), Bundle.of(batch.get(i), agg, related));
                });
                List<StoredEvent> toFormat = bundles.values().stream()
                        .flatMap(b -> java.util.stream.Stream.of(b.edit(), b.threadLatest())).filter(Objects::nonNull)
                        .distinct().toList();
                Future<List<ObjectNode>> formattedRelated = toFormat.isEmpty() ? Future.succeededFuture(List.of())
                        : format.format(toFormat, viewer);
                return formattedRelated.map(list -> {
                    Map<String, ObjectNode> byId = new HashMap<>();
                    for (int i = 0; i < toFormat.size(); i++) byId.put(toFormat.get(i).eventId(), list.get(i));
                    for (int i = 0; i < batch.size(); i++) {
                        Bundle b = bundles.get(batch.get(i).eventId());
                        if (b != null) b.writeTo(formatted.get(i), byId, viewerId, batch.get(i));
                    }
                    return null;
                });
            });
        });
    }
}
