package org.lightweb.server.http;

import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Gives each request a short id and logs it at DEBUG with its status and time; never the query (tokens). */
public final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    private RequestLog() {}

    public static void handle(RoutingContext ctx) {
        String id = Secrets.randomString(8);
        long start = System.nanoTime();
        ctx.put("request_id", id);
        MDC.put("request_id", id);
        ctx.addEndHandler(done -> {
            if (log.isDebugEnabled()) {
                MDC.put("request_id", id);
                log.debug("{} {} -> {} in {} ms", ctx.request().method(), ctx.request().path(),
                        ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
                MDC.remove("request_id");
            }
        });
        ctx.next();
        MDC.remove("request_id");
    }
}
