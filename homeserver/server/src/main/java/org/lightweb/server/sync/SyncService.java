package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.server.http.Requester;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * GET /sync: initial and incremental syncs, long-polling on the {@link Notifier} until something arrives for
 * the user or the timeout passes. Room timelines are built here; every other stream is a {@link SyncContributor}.
 */
public final class SyncService {
    private final EventRepository events;
    private final RoomRepository rooms;
    private final RoomSections sections;
    private final StreamHeads heads;
    private final Notifier notifier;
    private final List<SyncContributor> contributors = new ArrayList<>();

    public SyncService(EventRepository events, RoomRepository rooms, RoomSections sections, StreamHeads heads, Notifier notifier) {
        this.events = events;
        this.rooms = rooms;
        this.sections = sections;
        this.heads = heads;
        this.notifier = notifier;
    }

    public void addContributor(SyncContributor c) { contributors.add(c); }

    public Future<ObjectNode> sync(Requester who, SyncFilter filter, SyncToken since, boolean fullState, long timeoutMs) {
        String user = who.userId().toString();
        if (since == null || fullState || timeoutMs <= 0 || heads.current().isAfter(since)) {
            return compute(who, filter, since, fullState);
        }
        return rooms.roomsOf(user, "join")
                .compose(joined -> notifier.waitFor(user, joined.stream().map(Membership::roomId).collect(java.util.stream.Collectors.toSet()),
                        since, timeoutMs))
                .compose(v -> compute(who, filter, since, fullState));
    }

    private Future<ObjectNode> compute(Requester who, SyncFilter filter, SyncToken since, boolean fullState) {
        SyncToken upTo = heads.current();
        SyncContext ctx = new SyncContext(who, since, upTo, filter, fullState);
        if (ctx.initial() || fullState) sections.startingOver(ctx);
        ObjectNode response = Json.object();
        response.put("next_batch", upTo.toString());
        ObjectNode roomsNode = response.putObject("rooms");
        ObjectNode join = roomsNode.putObject("join");
        ObjectNode invite = roomsNode.putObject("invite");
        ObjectNode leave = roomsNode.putObject("leave");
        ObjectNode knock = roomsNode.putObject("knock");
        long sinceEvents = ctx.since(Stream.EVENTS);

        Future<List<Membership>> memberships = rooms.membershipsOf(ctx.userId());
        Future<Set<String>> changed = ctx.initial() ? Future.succeededFuture(Set.of())
                : events.roomsChanged(sinceEvents, upTo.events());
        return Future.all(memberships, changed).compose(ok -> {
            Set<String> joined = new HashSet<>();
            memberships.result().stream().filter(m -> m.membership().equals("join")).forEach(m -> joined.add(m.roomId()));
            List<Future<Set<String>>> news = contributors.stream().filter(c -> c.moved(ctx))
                    .map(c -> c.roomsWithNews(ctx, joined)).toList();
            return Future.all(news).compose(ok2 -> {
                Set<String> withNews = new HashSet<>(changed.result());
                news.forEach(f -> withNews.addAll(f.result()));
                List<Future<Void>> parts = new ArrayList<>();
                for (Membership m : memberships.result()) {
                    if (!filter.room().includesRoom(m.roomId())) continue;
                    boolean movedInWindow = !ctx.initial() && m.streamOrdering() > sinceEvents;
                    parts.add(room(ctx, m, movedInWindow, withNews, join, invite, leave, knock));
                }
                return Future.all(parts);
            });
        }).compose(ok -> {
            List<Future<Void>> tops = contributors.stream().filter(c -> c.moved(ctx)).map(c -> c.contribute(ctx, response)).toList();
            return Future.all(tops);
        }).map(ok -> response);
    }

    private Future<Void> room(SyncContext ctx, Membership m, boolean movedInWindow, Set<String> withNews,
                              ObjectNode join, ObjectNode invite, ObjectNode leave, ObjectNode knock) {
        String roomId = m.roomId();
        long upTo = ctx.upTo().events();
        long since = ctx.since(Stream.EVENTS);
        switch (m.membership()) {
            case "join" -> {
                boolean full = ctx.initial() || ctx.fullState() || movedInWindow;
                if (!full && !withNews.contains(roomId)) return Future.succeededFuture();
                long from = ctx.initial() || movedInWindow ? 0 : since;
                return sections.timelineRoom(ctx, roomId, from, upTo, full).compose(section -> {
                    List<Future<Void>> extra = new ArrayList<>();
                    // The summary only when it may have changed: a full room, or members moved in the timeline.
                    boolean membersMoved = section.path("timeline").path("events").findValuesAsText("type").contains("m.room.member")
                            || section.path("state").path("events").size() > 0;
                    if (full || membersMoved) {
                        extra.add(rooms.members(roomId).map(members -> {
                            section.set("summary", RoomSections.summary(ctx.userId(), members));
                            return null;
                        }));
                    } else {
                        section.putObject("summary");
                    }
                    for (SyncContributor c : contributors) {
                        if (full || c.moved(ctx)) extra.add(c.contributeRoom(ctx, roomId, section));
                    }
                    return Future.all(extra).map(v -> {
                        if (!section.has("ephemeral")) section.putObject("ephemeral").putArray("events");
                        if (!section.has("account_data")) section.putObject("account_data").putArray("events");
                        if (!section.has("unread_notifications")) {
                            section.putObject("unread_notifications").put("notification_count", 0).put("highlight_count", 0);
                        }
                        synchronized (join) { join.set(roomId, section); }
                        return null;
                    });
                });
            }
            case "invite", "knock" -> {
                if (!ctx.initial() && !movedInWindow) return Future.succeededFuture();
                boolean isInvite = m.membership().equals("invite");
                Future<Boolean> hidden = isInvite ? sections.inviteIgnored(ctx.userId(), m.eventId()) : Future.succeededFuture(false);
                return hidden.compose(ignored -> ignored ? Future.<Void>succeededFuture()
                        : sections.strippedRoom(ctx, roomId, m.eventId(), isInvite ? "invite_state" : "knock_state").map(section -> {
                            ObjectNode target = isInvite ? invite : knock;
                            synchronized (target) { target.set(roomId, section); }
                            return null;
                        }));
            }
            default -> {   // leave, ban
                if (m.forgotten()) return Future.succeededFuture();
                boolean wanted = movedInWindow || ((ctx.initial() || ctx.fullState()) && ctx.filter().room().includeLeave());
                if (!wanted) return Future.succeededFuture();
                long from = ctx.initial() || ctx.fullState() ? 0 : since;
                // A room this server never was in (an invite received over federation, rejected): only the leave.
                Future<ObjectNode> left = rooms.room(roomId).compose(known -> known.isPresent()
                        ? sections.timelineRoom(ctx, roomId, from, m.streamOrdering(), true)
                        : sections.outOfBandLeave(m.eventId()));
                return left.map(section -> {
                    section.putObject("account_data").putArray("events");
                    synchronized (leave) { leave.set(roomId, section); }
                    return null;
                });
            }
        }
    }
}
