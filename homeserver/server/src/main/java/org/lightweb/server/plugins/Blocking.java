package org.lightweb.server.plugins;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lightweb.core.MatrixException;
import org.lightweb.plugin.MatrixError;

/**
 * Waits for the node's futures on a plugin's thread: the SDK's services block, the node's never do. A refusal comes
 * back as {@link MatrixError}; calling from an event loop is a bug in the node and fails at once.
 */
final class Blocking {
    private Blocking() {}

    static <T> T await(Future<T> future, Duration timeout) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("plugin services block: never call them on an event loop");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MatrixError(500, "M_UNKNOWN", "interrupted");
        } catch (TimeoutException e) {
            throw new MatrixError(504, "M_UNKNOWN", "the node did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw asMatrixError(e.getCause());
        }
    }

    static RuntimeException asMatrixError(Throwable t) {
        if (t instanceof MatrixException m) return new MatrixError(m.status(), m.errcode().name(), m.getMessage());
        if (t instanceof MatrixError m) return m;
        if (t instanceof RuntimeException r) return r;
        return new MatrixError(500, "M_UNKNOWN", String.valueOf(t.getMessage()));
    }
}
