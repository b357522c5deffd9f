package org.lightweb.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.NewEvent;
import org.lightweb.storage.rooms.RoomRecord;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.search.SearchIndex.Hit;
import org.lightweb.storage.search.SearchIndex.Order;
import org.lightweb.storage.search.SearchIndex.Query;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/**
 * What {@link SearchIndex} promises on every database. Events go in through {@link EventRepository#append}, as a
 * node stores them, so the contract also covers indexing in the storing transaction.
 */
public interface SearchIndexContract extends StorageContract {
    Set<String> ALL_KEYS = Set.of("content.body", "content.name", "content.topic");

    default SearchIndex index() { return SearchIndex.forDatabase(storage().db()); }

    default EventRepository events() {
        return new JooqEventRepository(storage().db(), storage().clock(), new StateGroups(10, 100), 100);
    }

    /** A fresh room with the given messages; answers the stream position of each. */
    default List<Long> roomWithMessages(String roomId, String... bodies) {
        List<NewEvent> batch = new ArrayList<>();
        for (String body : bodies) batch.add(message(roomId, body));
        return await(events().append(new RoomRecord(roomId, "10", "@alice:example.org", 1L, false, null), roomId, null, batch));
    }

    default long send(String roomId, NewEvent e) {
        return await(events().append(null, roomId, null, List.of(e))).get(0);
    }

    default NewEvent message(String roomId, String body) {
        String id = "$" + TestStorage.freshName("e");
        String json = "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.text\",\"body\":\"" + body + "\"}}";
        return new NewEvent(id, roomId, 1, "m.room.message", null, "@alice:example.org", 1L, json, List.of(), List.of(),
                null, null, null);
    }

    default String freshRoom() { return "!" + TestStorage.freshName("r") + ":example.org"; }

    default Query query(String words, Map<String, Long> rooms, Order order) {
        return new Query(SearchWords.of(words, 10), rooms, ALL_KEYS, order, null, 0, 10);
    }

    default Map<String, Long> unbounded(String roomId) {
        Map<String, Long> rooms = new HashMap<>();
        rooms.put(roomId, null);
        return rooms;
    }

    @Test
    default void searchShouldFindAMessageWhenEachWordIsAPrefixOfOneOfItsWords() {
        String room = freshRoom();
        roomWithMessages(room, "a wonderful afternoon", "nothing here", "wonderful but late");

        var page = await(index().search(query("WONDER aftern", unbounded(room), Order.RECENT)));

        assertThat(page.hits()).hasSize(1);
        assertThat(page.count()).isEqualTo(1);
    }

    @Test
    default void searchShouldFindNothingWhenTheRoomIsNotSearched() {
        String room = freshRoom();
        roomWithMessages(room, "secret plans");
        String other = freshRoom();
        roomWithMessages(other, "other things");

        assertThat(await(index().search(query("secret", unbounded(other), Order.RANK))).hits()).isEmpty();
        assertThat(await(index().search(query("secret", Map.of(), Order.RANK))).hits()).isEmpty();
    }

    @Test
    default void searchShouldStopAtTheRoomsBoundWhenTheSearcherLeft() {
        String room = freshRoom();
        List<Long> at = roomWithMessages(room, "kiwi before", "kiwi after");

        var page = await(index().search(query("kiwi", Map.of(room, at.get(0)), Order.RECENT)));

        assertThat(page.hits()).extracting(Hit::streamOrdering).containsExactly(at.get(0));
    }

    @Test
    default void searchShouldLeaveOutARedactedMessage() {
        String room = freshRoom();
        roomWithMessages(room, "mango one", "mango two");
        var found = await(index().search(query("mango", unbounded(room), Order.RECENT))).hits();
        String redacted = found.get(0).eventId();
        String json = "{\"type\":\"m.room.redaction\",\"redacts\":\"" + redacted + "\",\"content\":{}}";
        send(room, new NewEvent("$" + TestStorage.freshName("x"), room, 2, "m.room.redaction", null,
                "@alice:example.org", 2L, json, List.of(), List.of(), null, redacted, null));

        var page = await(index().search(query("mango", unbounded(room), Order.RECENT)));

        assertThat(page.hits()).extracting(Hit::eventId).containsExactly(found.get(1).eventId());
    }

    @Test
    default void searchShouldPageNewestFirstWhenOrderIsRecent() {
        String room = freshRoom();
        List<Long> at = roomWithMessages(room, "papaya 1", "papaya 2", "papaya 3");
        Query first = new Query(List.of("papaya"), unbounded(room), ALL_KEYS, Order.RECENT, null, 0, 2);

        var page1 = await(index().search(first)).hits();
        var page2 = await(index().search(new Query(List.of("papaya"), unbounded(room), ALL_KEYS, Order.RECENT,
                page1.get(1).streamOrdering(), 0, 2))).hits();

        assertThat(page1).extracting(Hit::streamOrdering).containsExactly(at.get(2), at.get(1));
        assertThat(page2).extracting(Hit::streamOrdering).containsExactly(at.get(0));
    }

    @Test
    default void searchShouldRankTheCloserMatchFirstWhenOrderIsRank() {
        String room = freshRoom();
        roomWithMessages(room, "quince quince quince quince", "quince and many other words of a long rambling message");

        var hits = await(index().search(query("quince", unbounded(room), Order.RANK))).hits();
        var next = await(index().search(new Query(List.of("quince"), unbounded(room), ALL_KEYS, Order.RANK, null, 1, 10)));

        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).rank()).isGreaterThan(hits.get(1).rank());
        assertThat(next.hits()).extracting(Hit::eventId).containsExactly(hits.get(1).eventId());
    }

    @Test
    default void searchShouldMatchTheRoomNameOnlyWhenItsKeyIsAsked() {
        String room = freshRoom();
        roomWithMessages(room, "hello");
        String json = "{\"type\":\"m.room.name\",\"state_key\":\"\",\"content\":{\"name\":\"Rhubarb club\"}}";
        var e = new NewEvent("$" + TestStorage.freshName("n"), room, 2, "m.room.name", "", "@alice:example.org", 2L,
                json, List.of(), List.of(), null, null, null);
        await(events().append(null, room, null, List.of(e)));

        var byName = await(index().search(new Query(List.of("rhubarb"), unbounded(room), Set.of("content.name"),
                Order.RANK, null, 0, 10)));
        var byBody = await(index().search(new Query(List.of("rhubarb"), unbounded(room), Set.of("content.body"),
                Order.RANK, null, 0, 10)));

        assertThat(byName.hits()).extracting(Hit::eventId).containsExactly(e.eventId());
        assertThat(byBody.hits()).isEmpty();
    }
}
