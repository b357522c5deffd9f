package org.lightweb.storage.sync;

import io.vertx.core.Future;
import java.util.List;

/** To-device messages waiting for their device, kept until the device acknowledges them. */
public interface DeviceInboxRepository {
    /** A message for one device; {@code json} is the event {type, sender, content}. */
    record Message(String userId, String deviceId, String json) {}

    record Stored(long streamId, String json) {}

    /** Stores the messages of one send under one new stream position, which it answers. */
    Future<Long> add(List<Message> messages);

    /** The device's messages in (after, upTo], oldest first, at most {@code limit}. */
    Future<List<Stored>> pending(String userId, String deviceId, long after, long upTo, int limit);

    /** Whether the device has messages at or below {@code upTo} (delivered ones waiting to be deleted). */
    Future<Boolean> hasUpTo(String userId, String deviceId, long upTo);

    /** Deletes the device's messages at or below {@code upTo}: the device acknowledged them. */
    Future<Integer> deleteUpTo(String userId, String deviceId, long upTo);
}
