package org.lightweb.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.federation.protocol.auth.PowerLevels;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.push.PushActionRepository.NewAction;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Applies push rules to stored events (push module, "Server behaviour"): for every local user joined to the room
 * except the sender (and a local user invited by the event), runs the user's rules with the room's member count,
 * the user's display name in the room and the sender's power, and stores the notifying actions with their thread.
 * Members are handled in batches whose evaluation runs on a worker pool; events are evaluated one batch at a time
 * over the whole node, and the actions of the events announced together (a busy room's messages stored in one
 * transaction) are written together, up to {@code push.write_batch_rows} rows a write, each write queued before
 * the next events are evaluated: the single writer stores them in that order, so the events stream never moves
 * past an event whose actions are not stored yet (each room's listeners wait for their own events' actions, which
 * are stored after every earlier one). The next events are evaluated while the previous ones' write runs.
 */
public final class PushProcessor implements RoomEvents.Processor {
    private final RoomEvents roomEvents;
    private final RoomRepository rooms;
    private final PushRuleService rules;
    private final PushActionRepository actions;
    private final Threads threads;
    private final ServerName serverName;
    private final WorkerExecutor cpu;
    private final int batchSize;
    private final int writeRows;
    private final Clock clock;
    private final RoomLinearizer serial = new RoomLinearizer();
    private final List<StoredActionsListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Told of the notifying actions of a batch of recipients once they are committed (pushers deliver them). Called
     * on the processing path of the sender's request, so it must only hand the work on, never wait for it.
     */
    public interface StoredActionsListener {
        void stored(List<NewAction> actions);
    }

    public void addListener(StoredActionsListener l) { listeners.add(l); }

    /** Whether a local invitee is told of an invite (MSC4155: ignored invites are not notified). Bound late. */
    @FunctionalInterface
    public interface InviteFilter {
        Future<Boolean> shown(String invitee, String inviter);
    }

    private volatile InviteFilter inviteFilter = (invitee, inviter) -> Future.succeededFuture(true);

    public void setInviteFilter(InviteFilter filter) {
        this.inviteFilter = filter;
    }

    public PushProcessor(RoomEvents roomEvents, RoomRepository rooms, PushRuleService rules, PushActionRepository actions,
                         Threads threads, ServerName serverName, WorkerExecutor cpu, int batchSize, int writeRows, Clock clock) {
        this.roomEvents = roomEvents;
        this.rooms = rooms;
        this.rules = rules;
        this.actions = actions;
        this.threads = threads;
        this.serverName = serverName;
        this.cpu = cpu;
        this.batchSize = batchSize;
        this.writeRows = writeRows;
        this.clock = clock;
    }

    /** The room as every member's evaluation of one batch of events sees it. */
    private record Room(RoomVersion version, List<String> localJoined, long joinedCount, PowerLevels levels,
                        JsonNode notificationLevels) {}

    @Override
    public Future<Void> process(String roomId, List<StoredEvent> stored) {
        List<StoredEvent> wanted = stored.stream()
                .filter(e -> e.streamOrdering() != null && e.rejectedReason() == null && !e.outlier()).toList();
        if (wanted.isEmpty()) return Future.succeededFuture();
        Writes writes = new Writes();
        Future<Void> queued = serial.run("events", () -> {
            Future<Void> done = Future.succeededFuture();
            for (StoredEvent e : wanted) done = done.compose(v -> room(roomId, e.stateAfter()).compose(room -> event(roomId, room, e, writes)));
            return done.map(v -> {
                writes.flush();
                return null;
            });
        });
        return queued.compose(v -> Future.all(writes.queued)).mapEmpty();
    }

    /** The actions of one {@link #process} call, written together: one transaction for the events stored in one. */
    private final class Writes {
        final List<Future<Void>> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<NewAction> rows = new ArrayList<>();

        /** Called in the serial section only, so writes are queued in evaluation order. */
        synchronized void add(List<NewAction> found) {
            rows.addAll(found);
            if (rows.size() >= writeRows) flush();
        }

        synchronized void flush() {
            if (rows.isEmpty()) return;
            List<NewAction> found = List.copyOf(rows);
            rows.clear();
            queued.add(actions.add(found).map(v -> {
                tell(found);
                return null;
            }));
        }
    }

    /** The room as of the state group {@code stateGroup} (an event's state after it; null: the current state). */
    private Future<Room> room(String roomId, Long stateGroup) {
        Future<RoomVersion> version = roomEvents.versionOf(roomId);
        Future<List<Membership>> members = rooms.members(roomId);
        return Future.all(version, members)
                .compose(ok -> roomEvents.stateEventsAt(roomId, version.result(), stateGroup,
                        Set.of(StateKey.powerLevels(), StateKey.create())))
                .map(state -> {
                    List<String> local = new ArrayList<>();
                    long joined = 0;
                    for (Membership m : members.result()) {
                        if (!m.membership().equals("join")) continue;
                        joined++;
                        if (isLocal(m.userId())) local.add(m.userId());
                    }
                    Optional<Pdu> pl = Optional.ofNullable(state.get(StateKey.powerLevels()));
                    PowerLevels levels = PowerLevels.of(pl, Optional.ofNullable(state.get(StateKey.create())), version.result());
                    JsonNode notifications = pl.map(p -> p.content().path("notifications")).orElse(null);
                    return new Room(version.result(), local, joined, levels, notifications);
                });
    }

    private boolean isLocal(String userId) {
        return userId.endsWith(":" + serverName.value());
    }

    /** Evaluates {@code e} for its recipients in batches off the event loop; completes once their actions are in {@code writes}. */
    private Future<Void> event(String roomId, Room room, StoredEvent e, Writes writes) {
        ObjectNode json = (ObjectNode) Json.parse(e.json());
        json.put("event_id", e.eventId());
        json.put("room_id", roomId);
        boolean invitesLocal = "invite".equals(e.membership()) && e.stateKey() != null && isLocal(e.stateKey());
        Future<Boolean> inviteeTold = invitesLocal ? inviteFilter.shown(e.stateKey(), e.sender()) : Future.succeededFuture(false);
        return inviteeTold.compose(told -> recipients(roomId, room, e, json, told, writes));
    }

    private Future<Void> recipients(String roomId, Room room, StoredEvent e, ObjectNode json, boolean inviteeTold,
                                    Writes writes) {
        Set<String> recipients = new HashSet<>(room.localJoined());
        if (inviteeTold) recipients.add(e.stateKey());
        recipients.remove(e.sender());
        if (recipients.isEmpty()) return Future.succeededFuture();
        var input = new PushRuleEvaluator.Input(json, room.joinedCount(), room.levels().user(e.sender()), room.notificationLevels());
        List<String> all = recipients.stream().sorted().toList();
        return threads.threadOf(json).compose(thread -> {
            Future<Void> done = Future.succeededFuture();
            for (int from = 0; from < all.size(); from += batchSize) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + batchSize));
                done = done.compose(v -> batch(roomId, room, e, input, thread, batch, writes));
            }
            return done;
        });
    }

    private Future<Void> batch(String roomId, Room room, StoredEvent e, PushRuleEvaluator.Input input, String thread,
                               List<String> users, Writes writes) {
        Set<StateKey> memberKeys = new HashSet<>();
        users.forEach(u -> memberKeys.add(StateKey.member(u)));
        Future<Map<String, PushRuleSet>> sets = rules.rulesOf(users);
        Future<Map<StateKey, Pdu>> memberEvents = roomEvents.stateEventsAt(roomId, room.version(), e.stateAfter(), memberKeys);
        long now = clock.millis();
        return Future.all(sets, memberEvents)
                .compose(ok -> cpu.executeBlocking(() -> evaluate(e, input, thread, users, sets.result(), memberEvents.result(), now), false))
                .map(found -> {
                    writes.add(found);
                    return null;
                });
    }

    private void tell(List<NewAction> found) {
        for (StoredActionsListener l : listeners) {
            try {
                l.stored(found);
            } catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(PushProcessor.class).error("push actions listener failed", ex);
            }
        }
    }

    private static List<NewAction> evaluate(StoredEvent e, PushRuleEvaluator.Input input, String thread, List<String> users,
                                            Map<String, PushRuleSet> sets, Map<StateKey, Pdu> members, long now) {
        List<NewAction> out = new ArrayList<>();
        for (String user : users) {
            PushRuleSet set = sets.get(user);
            if (set == null) continue;
            Pdu member = members.get(StateKey.member(user));
            JsonNode name = member == null ? null : member.content().get("displayname");
            ArrayNode result = PushRuleEvaluator.evaluate(set, input, name != null && name.isTextual() ? name.asText() : null);
            if (!PushActions.notifies(result)) continue;
            out.add(new NewAction(user, e.roomId(), e.eventId(), e.streamOrdering(), thread, Json.write(result),
                    PushActions.highlights(result), now));
        }
        return out;
    }
}
