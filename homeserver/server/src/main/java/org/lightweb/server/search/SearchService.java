package org.lightweb.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.search.SearchIndex;
import org.lightweb.storage.search.SearchIndex.Hit;
import org.lightweb.storage.search.SearchIndex.Query;
import org.lightweb.storage.search.SearchWords;

/**
 * Server Side Search of room events: the rooms a user is in, and the rooms they left up to their leave, searched
 * through the {@link SearchIndex}; every match then passes the request's filter and history visibility
 * ({@link EventVisibility}), reading further matches until the page is full or {@code maxScanned} were read.
 */
public final class SearchService {
    /** Words of a search term beyond this are ignored. */
    static final int MAX_WORDS = 16;

    private final SearchIndex index;
    private final EventRepository events;
    private final RoomRepository rooms;
    private final EventVisibility visibility;
    private final int maxScanned;

    public SearchService(SearchIndex index, EventRepository events, RoomRepository rooms, EventVisibility visibility,
                         int maxScanned) {
        this.index = index;
        this.events = events;
        this.rooms = rooms;
        this.visibility = visibility;
        this.maxScanned = maxScanned;
    }

    /** One page of matches the user may see, in the requested order. */
    public record Found(List<StoredEvent> events, List<Double> ranks, long count, String nextBatch, List<String> highlights) {}

    public Future<Found> search(UserId user, SearchRequest req, String nextBatch) {
        SearchToken from = SearchToken.parse(nextBatch, req.order());
        List<String> words = SearchWords.of(req.searchTerm(), MAX_WORDS);
        return searchableRooms(user, req).compose(searchable -> {
            Scan scan = new Scan(user, req, words, searchable);
            return scan.next(from).map(v -> new Found(scan.found, scan.ranks, scan.count, scan.nextBatch, words));
        });
    }

    /**
     * Joined rooms without a bound; rooms left or banned from up to the leave (never what came after), as the brief
     * of this feature and the history visibility rules ask. Forgotten rooms and invitations are not searched.
     */
    private Future<Map<String, Long>> searchableRooms(UserId user, SearchRequest req) {
        return rooms.membershipsOf(user.toString()).map(list -> {
            Map<String, Long> out = new HashMap<>();
            for (Membership m : list) {
                if (m.forgotten()) continue;
                if (req.filter().notRooms() != null && req.filter().notRooms().contains(m.roomId())) continue;
                if (req.filter().rooms() != null && !req.filter().rooms().contains(m.roomId())) continue;
                switch (m.membership()) {
                    case "join" -> out.put(m.roomId(), null);
                    case "leave", "ban" -> out.put(m.roomId(), m.streamOrdering());
                    default -> { }
                }
            }
            return out;
        });
    }

    /** One request's walk through the index. */
    private final class Scan {
        final UserId user;
        final SearchRequest req;
        final List<String> words;
        final Map<String, Long> searchable;
        final List<StoredEvent> found = new ArrayList<>();
        final List<Double> ranks = new ArrayList<>();
        long count = -1;
        int scanned;
        String nextBatch;

        Scan(UserId user, SearchRequest req, List<String> words, Map<String, Long> searchable) {
            this.user = user;
            this.req = req;
            this.words = words;
            this.searchable = searchable;
        }

        Future<Void> next(SearchToken at) {
            int want = req.limit() - found.size();
            int batch = Math.max(1, Math.min(Math.max(want * 2, 20), maxScanned - scanned));
            Query q = new Query(words, searchable, req.keys(), req.order(), at.beforeOrdering(), at.offset(), batch);
            return index.search(q).compose(page -> {
                if (count < 0) count = page.count();
                scanned += page.hits().size();
                return visible(page.hits()).compose(ok -> {
                    SearchToken cursor = at;
                    int i = 0;
                    for (; i < page.hits().size() && found.size() < req.limit(); i++) {
                        Hit hit = page.hits().get(i);
                        cursor = cursor.after(req.order(), hit.streamOrdering());
                        StoredEvent e = ok.get(hit.eventId());
                        if (e != null) {
                            found.add(e);
                            ranks.add(hit.rank());
                        }
                    }
                    boolean more = i < page.hits().size() || page.hits().size() == batch;
                    if (!more) return Future.succeededFuture();
                    if (found.size() >= req.limit() || scanned >= maxScanned) {
                        nextBatch = cursor.render(req.order());
                        return Future.succeededFuture();
                    }
                    return next(cursor);
                });
            });
        }

        /** The hits' events that pass the request's filter and that the user may see, by event id. */
        private Future<Map<String, StoredEvent>> visible(List<Hit> hits) {
            List<String> ids = hits.stream().map(Hit::eventId).toList();
            return events.events(ids).compose(byId -> {
                List<StoredEvent> candidates = new ArrayList<>();
                for (String id : ids) {
                    StoredEvent e = byId.get(id);
                    if (e != null && req.filter().matches(e.roomId(), e.type(), e.sender(), content(e))) candidates.add(e);
                }
                return visibility.filter(user, candidates);
            }).map(list -> {
                Map<String, StoredEvent> out = new HashMap<>();
                list.forEach(e -> out.put(e.eventId(), e));
                return out;
            });
        }
    }

    private static JsonNode content(StoredEvent e) {
        return Json.parse(e.json()).path("content");
    }

    /** The rooms of {@code found}, in order of first appearance. */
    static List<String> roomsOf(List<StoredEvent> found) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (StoredEvent e : found) if (seen.add(e.roomId())) out.add(e.roomId());
        return out;
    }
}
