package org.lightweb.server.http;

import io.vertx.ext.web.Router;

/** A feature's routes, mounted on a listener's router. */
public interface RouteGroup {
    void mount(Router router);
}
