package org.lightweb.storage.accounts;

import io.vertx.core.Future;
import java.util.Map;
import org.lightweb.core.UserId;

/** Profile fields; each value is stored as its JSON text. */
public interface ProfileRepository {
    Future<Map<String, String>> fields(UserId user);

    /** Sets a field; a null value removes it. */
    Future<Void> set(UserId user, String field, String jsonValue);
}
