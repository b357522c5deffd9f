package org.lightweb.server.rooms.directory;

import java.util.List;

/**
 * What GET and POST /publicRooms ask for.
 *
 * @param limit at most this many rooms; null or 0 for the server's maximum
 * @param since a next_batch or prev_batch token, or null for the first page
 * @param searchTerm filter.generic_search_term, or null
 * @param roomTypes filter.room_types (a null entry: rooms without a type), or null for every type
 * @param thirdPartyInstanceId a third-party network's directory (appservices), or null for the server's own
 * @param includeAllNetworks the server's own directory and every third-party network's
 */
public record PublicRoomsQuery(Integer limit, String since, String searchTerm, List<String> roomTypes,
                               String thirdPartyInstanceId, boolean includeAllNetworks) {
    public static PublicRoomsQuery page(Integer limit, String since) {
        return new PublicRoomsQuery(limit, since, null, null, null, false);
    }
}
