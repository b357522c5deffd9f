package org.lightweb.storage.appservice;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Appservice registrations made at runtime, and how far each appservice has been sent the event stream. */
public interface AppserviceRepository {
    /** A registration added at runtime: its id and its YAML. */
    record StoredRegistration(String id, String yaml, long createdTs) {}

    /** Where an appservice's transactions stand. */
    record Position(long eventsPosition, long lastTxnId) {}

    Future<List<StoredRegistration>> registrations();

    /** Adds a registration; false when one with this id exists. */
    Future<Boolean> addRegistration(String id, String yaml, long now);

    /** Removes a registration (and its position); false when there was none. */
    Future<Boolean> removeRegistration(String id);

    Future<Optional<Position>> position(String appserviceId);

    /** Records an acknowledged transaction (or events skipped as uninteresting): the new position and txn id. */
    Future<Void> setPosition(String appserviceId, Position position);
}
