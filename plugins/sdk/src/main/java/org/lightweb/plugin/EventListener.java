package org.lightweb.plugin;

import org.pf4j.ExtensionPoint;

/**
 * Hears of every room event once it is stored, sent here or received over federation, in the order of each room.
 * Runs on the plugin's own threads after the event was sent: it cannot delay or refuse it (see {@link EventVeto}).
 * A listener that throws is logged and goes on hearing; one that is slow delays only its own plugin.
 *
 * <pre>{@code
 * @Extension
 * public class Audit implements EventListener {
 *     public void onEvent(RoomEvent e) { if (e.type().equals("m.room.member")) log.info("member [{}]", e.stateKey()); }
 * }
 * }</pre>
 */
public interface EventListener extends ExtensionPoint {
    void onEvent(RoomEvent event) throws Exception;

    /** Which events to hear of; all by default. Called on the plugin's event thread, before {@link #onEvent}. */
    default boolean wants(String roomId, String type) { return true; }
}
