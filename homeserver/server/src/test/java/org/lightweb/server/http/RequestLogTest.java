package org.lightweb.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLogTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void lineShouldNameTheRouteTemplateAndNeverTheQueryWhenARequestEnds() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(RequestLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        var level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            Router router = Router.router(vertx);
            router.route().handler(RequestLog::handle);
            router.get("/_matrix/client/v3/rooms/:roomId/state").handler(ctx -> ctx.response().end("{}"));
            var server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            var client = vertx.createHttpClient();
            for (String path : new String[] {"/_matrix/client/v3/rooms/!secret:example.org/state?access_token=tok", "/nowhere"}) {
                client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
                        .compose(r -> r.send().compose(res -> res.body()))
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            long end = System.currentTimeMillis() + 5000;
            while (lines.list.size() < 2 && System.currentTimeMillis() < end) Thread.sleep(10);
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(l -> assertThat(l).startsWith("GET /_matrix/client/v3/rooms/:roomId/state -> 200"))
                    .anySatisfy(l -> assertThat(l).startsWith("GET - -> 404"))
                    .noneSatisfy(l -> assertThat(l).contains("tok"))
                    .noneSatisfy(l -> assertThat(l).contains("secret"));
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
    }

    @Test
    void requestIdsShouldBeEightLettersOrDigitsAndVary() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) ids.add(RequestLog.requestId());
        assertThat(ids).hasSizeGreaterThan(95).allMatch(id -> id.matches("[A-Za-z0-9]{8}"));
    }
}
