package org.lightweb.storage.relations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.storage.relations.RelationRepository.Child;
import org.lightweb.storage.relations.RelationRepository.ThreadActivity;
import org.lightweb.storage.relations.RelationRepository.ThreadSummary;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.NewEvent;
import org.lightweb.storage.rooms.RoomRecord;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/**
 * Relations are recorded by {@link EventRepository#append} itself (the same transaction as the event), so these
 * tests write events through it and read the relations back.
 */
public interface RelationRepositoryContract extends StorageContract {
    String ALICE = "@alice:example.org";
    String BOB = "@bob:example.org";

    default RelationRepository relations() { return new JooqRelationRepository(storage().db()); }

    default EventRepository events() {
        return new JooqEventRepository(storage().db(), storage().clock(), new StateGroups(10, 100), 100);
    }

    /** A fresh room holding nothing but messages (no state), so append needs no state group. */
    default String freshRoom() {
        String room = "!" + TestStorage.freshName("r") + ":example.org";
        await(events().append(new RoomRecord(room, "11", ALICE, 1, false, null), room, null, List.of()));
        return room;
    }

    /** Appends a message from {@code sender}, relating to {@code parent} by {@code relType} when not null. */
    default String send(String room, String sender, String parent, String relType, String key) {
        return send(room, sender, "m.room.message", parent, relType, key, 1);
    }

    default String send(String room, String sender, String type, String parent, String relType, String key, long ts) {
        String id = "$" + TestStorage.freshName("e");
        var pdu = Json.object();
        pdu.put("event_id", id).put("room_id", room).put("sender", sender).put("type", type).put("origin_server_ts", ts);
        var content = pdu.putObject("content").put("body", "hi");
        if (parent != null) {
            var rel = content.putObject("m.relates_to").put("event_id", parent);
            if (relType != null) rel.put("rel_type", relType);
            if (key != null) rel.put("key", key);
        }
        await(events().append(null, room, null, List.of(new NewEvent(id, room, 1, type, null, sender, ts,
                Json.write(pdu), List.of(), List.of(), null, null, null))));
        return id;
    }

    default void redact(String room, String target) {
        String id = "$" + TestStorage.freshName("x");
        String json = "{\"type\":\"m.room.redaction\",\"content\":{\"redacts\":\"" + target + "\"}}";
        await(events().append(null, room, null, List.of(new NewEvent(id, room, 1, "m.room.redaction", null, ALICE, 1,
                json, List.of(), List.of(), null, target, null))));
    }

    private static List<String> ids(List<Child> children) {
        List<String> out = new ArrayList<>();
        children.forEach(c -> out.add(c.eventId()));
        return out;
    }

    @Test
    default void childrenShouldBeRecordedWhenEventsAreAppended() {
        String room = freshRoom();
        String root = send(room, ALICE, null, null, null);
        String a = send(room, BOB, root, "m.thread", null);
        String b = send(room, ALICE, root, "m.annotation", "👍");
        send(room, ALICE, root, null, null);   // a rich reply without rel_type is not a relationship
        assertThat(ids(await(relations().children(room, root, null, null, 1, null, null, false, 10)))).containsExactly(b, a);
        assertThat(ids(await(relations().children(room, root, null, null, 1, null, null, true, 10)))).containsExactly(a, b);
        assertThat(ids(await(relations().children(room, root, "m.thread", null, 1, null, null, false, 10)))).containsExactly(a);
        assertThat(ids(await(relations().children(room, root, null, "m.reaction", 1, null, null, false, 10)))).isEmpty();
    }

    @Test
    default void childrenShouldPageByStreamPositionWhenFromAndToAreGiven() {
        String room = freshRoom();
        String root = send(room, ALICE, null, null, null);
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) replies.add(send(room, BOB, root, "m.thread", null));
        List<Child> all = await(relations().children(room, root, null, null, 1, null, null, true, 10));
        long third = all.get(2).streamOrdering();
        assertThat(ids(await(relations().children(room, root, null, null, 1, third, null, false, 2))))
                .containsExactly(replies.get(2), replies.get(1));
        assertThat(ids(await(relations().children(room, root, null, null, 1, third, null, true, 10))))
                .containsExactly(replies.get(3), replies.get(4));
        assertThat(ids(await(relations().children(room, root, null, null, 1, null, third, false, 10))))
                .containsExactly(replies.get(4), replies.get(3));
    }

    @Test
    default void childrenShouldFollowChildrenOfChildrenOnlyDownToTheDepthAsked() {
        String room = freshRoom();
        String root = send(room, ALICE, null, null, null);
        String reply = send(room, BOB, root, "m.thread", null);
        String edit = send(room, BOB, reply, "m.replace", null);
        String reaction = send(room, ALICE, edit, "m.annotation", "x");
        assertThat(ids(await(relations().children(room, root, null, null, 1, null, null, true, 10)))).containsExactly(reply);
        assertThat(ids(await(relations().children(room, root, null, null, 2, null, null, true, 10)))).containsExactly(reply, edit);
        assertThat(ids(await(relations().children(room, root, null, null, 3, null, null, true, 10))))
                .containsExactly(reply, edit, reaction);
        // The filter picks what is returned, not what is followed.
        assertThat(ids(await(relations().children(room, root, "m.annotation", null, 3, null, null, true, 10))))
                .containsExactly(reaction);
    }

    @Test
    default void childrenShouldBeLeftOutWhenRedactedOrInAnotherRoom() {
        String room = freshRoom();
        String other = freshRoom();
        String root = send(room, ALICE, null, null, null);
        String kept = send(room, BOB, root, "m.thread", null);
        String redacted = send(room, BOB, root, "m.thread", null);
        send(other, BOB, root, "m.thread", null);
        redact(room, redacted);
        assertThat(ids(await(relations().children(room, root, null, null, 1, null, null, true, 10)))).containsExactly(kept);
        assertThat(await(relations().aggregations(room, List.of(root), BOB, Set.of())).threads().get(root).count()).isEqualTo(1);
    }

    @Test
    default void aggregationsShouldSummariseThreadsEditsAndReferencesOfEveryParentAsked() {
        String room = freshRoom();
        String root = send(room, ALICE, null, null, null);
        send(room, BOB, root, "m.thread", null);
        String latest = send(room, ALICE, root, "m.thread", null);
        String message = send(room, ALICE, null, null, null);
        String older = send(room, ALICE, "m.room.message", message, "m.replace", null, 5);
        String newer = send(room, ALICE, "m.room.message", message, "m.replace", null, 9);
        send(room, BOB, "m.room.message", message, "m.replace", null, 20);              // not the sender: never valid
        send(room, ALICE, "m.sticker", message, "m.replace", null, 30);                 // not the type: never valid
        String ref = send(room, BOB, message, "m.reference", null);
        send(room, BOB, message, "m.annotation", "x");                                   // annotations are not bundled

        var agg = await(relations().aggregations(room, List.of(root, message), BOB, Set.of()));
        assertThat(agg.threads()).isEqualTo(Map.of(root, new ThreadSummary(2, latest, true)));
        assertThat(agg.editCandidates()).isEqualTo(Map.of(message, List.of(newer, older)));
        assertThat(agg.references()).isEqualTo(Map.of(message, List.of(ref)));
        assertThat(await(relations().aggregations(room, List.of(root), "@carol:example.org", Set.of())).threads().get(root)
                .viewerReplied()).isFalse();
        // The viewer ignores Bob: his reply and his reference no longer count.
        var ignoring = await(relations().aggregations(room, List.of(root, message), ALICE, Set.of(BOB)));
        assertThat(ignoring.threads()).isEqualTo(Map.of(root, new ThreadSummary(1, latest, true)));
        assertThat(ignoring.references()).isEmpty();
    }

    @Test
    default void threadsShouldBeOrderedByLatestActivityAndFilteredByParticipant() {
        String room = freshRoom();
        String first = send(room, ALICE, null, null, null);
        String second = send(room, BOB, null, null, null);
        send(room, BOB, first, "m.thread", null);
        send(room, ALICE, second, "m.thread", null);
        String last = send(room, BOB, first, "m.thread", null);
        List<ThreadActivity> all = await(relations().threads(room, null, Long.MAX_VALUE, 10));
        assertThat(all).extracting(ThreadActivity::rootId).containsExactly(first, second);
        long firstLatest = all.get(0).latestOrdering();
        assertThat(await(relations().threads(room, null, firstLatest - 1, 10))).extracting(ThreadActivity::rootId)
                .containsExactly(second);
        assertThat(await(relations().threads(room, null, Long.MAX_VALUE, 1))).extracting(ThreadActivity::rootId)
                .containsExactly(first);
        // Carol took part in neither; Alice started the first and replied to the second.
        assertThat(await(relations().threads(room, "@carol:example.org", Long.MAX_VALUE, 10))).isEmpty();
        assertThat(await(relations().threads(room, ALICE, Long.MAX_VALUE, 10))).extracting(ThreadActivity::rootId)
                .containsExactly(first, second);
        assertThat(last).isNotNull();
    }

    @Test
    default void annotationShouldBeFoundPerSenderTypeAndKeyUntilRedacted() {
        String room = freshRoom();
        String target = send(room, ALICE, null, null, null);
        String reaction = send(room, BOB, "m.reaction", target, "m.annotation", "👍", 1);
        assertThat(await(relations().hasAnnotation(room, target, BOB, "m.reaction", "👍"))).isTrue();
        assertThat(await(relations().hasAnnotation(room, target, BOB, "m.reaction", "👎"))).isFalse();
        assertThat(await(relations().hasAnnotation(room, target, ALICE, "m.reaction", "👍"))).isFalse();
        assertThat(await(relations().hasAnnotation(room, target, BOB, "m.room.message", "👍"))).isFalse();
        redact(room, reaction);
        assertThat(await(relations().hasAnnotation(room, target, BOB, "m.reaction", "👍"))).isFalse();
    }
}
