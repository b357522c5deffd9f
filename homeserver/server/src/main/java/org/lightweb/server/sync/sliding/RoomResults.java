package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.Json;
import org.lightweb.server.http.Requester;
import org.lightweb.server.messages.IgnoredUsers;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.sync.RoomSections;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.server.sync.TimelinePager;
import org.lightweb.server.sync.sliding.ConnectionState.Flag;
import org.lightweb.server.sync.sliding.ConnectionState.RoomStatus;
import org.lightweb.server.sync.sliding.RoomLists.Selected;
import org.lightweb.server.sync.sliding.SlidingRequest.RoomConfig;
import org.lightweb.storage.push.PushActionRepository.Counts;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * One room of a sliding sync response (MSC4186 {@code RoomResult}, in the field names Synapse sends): for
 * rooms the user is or was in, timeline, required_state, name, avatar, heroes, counts and unread counts; for
 * invites and knocks, the stripped state ({@code invite_state}). A room new to the connection, or whose
 * membership turned into a join, is {@code initial}; otherwise only what changed is sent.
 */
public final class RoomResults {
    /** The room's JSON, or null when an incremental response has nothing to say about it; and what to remember. */
    record Result(ObjectNode json, RoomConfig sent) {}

    /** One room to answer: what matched it, the connection's status for it, the window, DM flag, bump stamp. */
    record Job(Requester who, Selected room, RoomStatus status, SyncToken since, SyncToken upTo, boolean isDm, long bumpStamp) {
        boolean initial() {
            if (since == null || status == null) return true;
            String was = status.membership();
            return !was.equals(room.membership().membership()) && room.membership().membership().equals("join");
        }

        /** Where the connection is up to with the room (null: nothing sent). */
        Long fromBound() {
            if (initial()) return null;
            return status.flag() == Flag.LIVE ? since.events() : status.lastEvents();
        }
    }

    private final RoomTimeline timelines;
    private final RoomStatePart states;
    private final RoomSections sections;
    private final ClientEvents format;
    private final RoomUnreads unreads;

    public RoomResults(EventRepository events, RoomRepository rooms, EventVisibility visibility, RoomSections sections,
                       ClientEvents format, RoomUnreads unreads, IgnoredUsers ignoredUsers) {
        this.timelines = new RoomTimeline(new TimelinePager(events, visibility, ignoredUsers));
        this.states = new RoomStatePart(events, rooms);
        this.sections = sections;
        this.format = format;
        this.unreads = unreads;
    }

    Future<Result> answer(Job job) {
        Membership m = job.room().membership();
        return switch (m.membership()) {
            case "invite", "knock" -> stripped(job);
            default -> inRoom(job);
        };
    }

    private Future<Result> stripped(Job job) {
        Membership m = job.room().membership();
        RoomConfig config = job.room().config();
        if (!job.initial() && m.membership().equals(job.status().membership())) {
            return Future.succeededFuture(new Result(null, config));   // nothing new can be known of it
        }
        return sections.strippedState(job.who(), m.roomId(), m.eventId()).map(stripped -> {
            ObjectNode room = common(job);
            room.put("initial", true);
            room.set("invite_state", stripped);
            return new Result(room, config);
        });
    }

    private Future<Result> inRoom(Job job) {
        Membership m = job.room().membership();
        String userId = job.who().userId().toString();
        RoomConfig config = job.room().config();
        Long fromBound = job.fromBound();
        RoomConfig previous = job.initial() ? null : job.status().sent();
        boolean expand = previous != null && previous.timelineLimit() < config.timelineLimit();
        long toBound = m.membership().equals("join") ? job.upTo().events() : Math.min(m.streamOrdering(), job.upTo().events());
        Long live = job.since() == null ? null : job.since().events();
        return timelines.read(job.who().userId(), m.roomId(), config.timelineLimit(), fromBound, toBound, expand, live)
                .compose(timeline -> {
                    RequiredState request = config.requiredState().expand(userId, timeline.members());
                    RequiredState before = previous == null ? null : previous.requiredState();
                    Future<RoomStatePart.Part> state = states.read(userId, m, request, before, fromBound);
                    Future<Counts> counts = m.membership().equals("join") ? unreads.counts(userId, m.roomId())
                            : Future.succeededFuture(Counts.ZERO);
                    return Future.all(state, counts).compose(ok -> render(job, timeline, state.result(), counts.result()))
                            .map(json -> {
                                RoomConfig sent = new RoomConfig(timeline.limited() || previous == null
                                        ? config.timelineLimit() : Math.max(config.timelineLimit(), previous.timelineLimit()),
                                        request.remembering(before, 100));
                                return new Result(json, sent);
                            });
                });
    }

    private Future<ObjectNode> render(Job job, RoomTimeline.Part timeline, RoomStatePart.Part state, Counts counts) {
        boolean initial = job.initial();
        boolean news = initial || !timeline.events().isEmpty() || !state.requiredState().isEmpty()
                || !state.removed().isEmpty() || state.name() != null || state.avatar() != null || state.heroes() != null
                || state.joined() != null || timeline.expanded();
        if (!news) return Future.succeededFuture(null);
        Future<List<ObjectNode>> tl = format.format(timeline.events(), job.who());
        Future<List<ObjectNode>> rs = format.format(state.requiredState(), job.who());
        return Future.all(tl, rs).map(ok -> {
            ObjectNode room = common(job);
            if (initial) room.put("initial", true);
            if (state.name() != null) room.put("name", state.name());
            if (state.avatar() != null) room.put("avatar", state.avatar());
            if (state.heroes() != null) {
                ArrayNode heroes = room.putArray("heroes");
                for (RoomStatePart.Hero h : state.heroes()) {
                    ObjectNode o = heroes.addObject().put("user_id", h.userId());
                    if (h.displayName() != null) o.put("displayname", h.displayName());
                    if (h.avatarUrl() != null) o.put("avatar_url", h.avatarUrl());
                }
            }
            ArrayNode required = withoutRoomId(rs.result());
            state.removed().forEach(k -> required.addObject().put("type", k.type()).put("state_key", k.stateKey()));
            if (!required.isEmpty()) room.set("required_state", required);
            if (job.room().config().timelineLimit() > 0) {
                if (!timeline.events().isEmpty()) room.set("timeline", withoutRoomId(tl.result()));
                room.put("limited", timeline.limited());
                room.put("prev_batch", "s" + timeline.prevBatch());
                room.put("num_live", timeline.numLive());
            }
            if (timeline.expanded()) {
                room.put("unstable_expanded_timeline", true);   // what Synapse and Element X use
                room.put("expanded_timeline", true);            // the MSC's name
            }
            if (state.joined() != null) room.put("joined_count", state.joined()).put("invited_count", state.invited());
            if (job.room().membership().membership().equals("join")) {
                room.put("notification_count", counts.notifications()).put("highlight_count", counts.highlights());
            }
            return room;
        });
    }

    /** Fields every room result has: membership, the lists it is in, bump_stamp, is_dm when it is one. */
    private static ObjectNode common(Job job) {
        ObjectNode room = Json.object();
        room.put("membership", job.room().membership().membership());
        if (!job.room().lists().isEmpty()) job.room().lists().forEach(room.putArray("lists")::add);
        room.put("bump_stamp", job.bumpStamp());
        if (job.isDm()) room.put("is_dm", true);
        return room;
    }

    private static ArrayNode withoutRoomId(List<ObjectNode> events) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ObjectNode e : events) {
            e.remove("room_id");
            out.add(e);
        }
        return out;
    }
}
