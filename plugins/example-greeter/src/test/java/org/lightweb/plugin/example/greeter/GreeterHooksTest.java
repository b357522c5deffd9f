package org.lightweb.plugin.example.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.ProposedEvent;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.Verdict;
import org.lightweb.plugin.testkit.FakePluginContext;

/** The event listener, the veto and the scheduled job. */
class GreeterHooksTest {

    private static ProposedEvent message(String body) {
        return new ProposedEvent("!r:test.local", "@a:test.local", "m.room.message", null, Map.of("msgtype", "m.text", "body", body));
    }

    @Test
    void listenerShouldCountEventsAndMessagesOfItsOwnStartOnly() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").migrate(false).build();
             var other = FakePluginContext.builder("example-greeter").migrate(false).build()) {
            GreeterListener listener = ctx.extension(GreeterListener.class);
            assertThat(listener.wants("!r:test.local", "m.room.member")).isTrue();
            listener.onEvent(new RoomEvent("$1", "!r:test.local", "@a:test.local", "m.room.message", null, Map.of(), 1, true));
            listener.onEvent(new RoomEvent("$2", "!r:test.local", "@b:remote.test", "m.room.message", null, Map.of(), 2, false));
            listener.onEvent(new RoomEvent("$3", "!r:test.local", "@a:test.local", "m.room.member", "@a:test.local", Map.of(), 3, true));

            assertThat(GreeterCounters.of(ctx).events()).isEqualTo(3);
            assertThat(GreeterCounters.of(ctx).messages()).isEqualTo(2);
            assertThat(GreeterCounters.of(other).events()).isZero();
        }
    }

    @Test
    void vetoShouldDenyMessageWhenBodyHoldsForbiddenWordInAnyCase() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").migrate(false).config(Map.of("forbidden_word", "Spoiler")).build()) {
            ForbiddenWordVeto veto = ctx.extension(ForbiddenWordVeto.class);
            Verdict denied = veto.check(message("big SPOILERS ahead"));
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.reason()).contains("spoiler");
            assertThat(veto.check(message("nothing to see")).allowed()).isTrue();
            // Only messages: a topic with the word passes.
            assertThat(veto.check(new ProposedEvent("!r:test.local", "@a:test.local", "m.room.topic", "", Map.of("topic", "spoiler"))).allowed()).isTrue();
            assertThat(veto.check(new ProposedEvent("!r:test.local", "@a:test.local", "m.room.message", null, Map.of("body", 5))).allowed()).isTrue();
        }
    }

    @Test
    void vetoShouldAllowEverythingWhenNoWordIsConfigured() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").migrate(false).build()) {
            assertThat(ctx.extension(ForbiddenWordVeto.class).check(message("spoiler")).allowed()).isTrue();
        }
    }

    @Test
    void tickerShouldRunAtConfiguredIntervalAndCountEachRunInDatabase() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").config(Map.of("tick_interval", "5m")).build()) {
            TickerJob job = ctx.extension(TickerJob.class);
            assertThat(job.name()).isEqualTo("ticker");
            assertThat(job.interval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(job.initialDelay()).isEqualTo(Duration.ofMinutes(5));
            GuestbookStore store = new GuestbookStore(ctx.database());
            assertThat(store.ticks()).isZero();
            job.run();
            job.run();
            assertThat(store.ticks()).isEqualTo(2);
        }
    }

    @Test
    void tickerShouldDefaultToOneHourWhenIntervalIsNotSet() throws Exception {
        try (var ctx = FakePluginContext.builder("example-greeter").migrate(false).build()) {
            assertThat(ctx.extension(TickerJob.class).interval()).isEqualTo(Duration.ofHours(1));
        }
    }
}
