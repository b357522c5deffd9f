package org.lightweb.plugin;

import java.util.Map;

/**
 * Requests to other homeservers, signed with this node's key (X-Matrix), found by the spec's server discovery, with
 * the node's timeouts and size limits. A plugin reaches another node's plugin at
 * {@code /_lightweb/<pluginId>/...}, where a server-authenticated route learns this node's name.
 */
public interface Federation {
    /**
     * Sends a request and waits for the answer.
     *
     * @param body a JSON object, or null for none
     * @return the answer, whatever its status
     * @throws java.io.IOException when the destination cannot be reached or does not answer in time
     */
    Response request(String destination, String method, String path, Map<String, Object> body) throws java.io.IOException;

    /** An answer: its status and its JSON object body (empty when it had none or it was not an object). */
    record Response(int status, Map<String, Object> json) {
        public boolean ok() { return status >= 200 && status < 300; }
    }
}
