package org.lightweb.server.federation.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.config.HomeserverConfig.OldSigningKey;

/** This server's keys: the signed document of {@code GET /_matrix/key/v2/server}, and lookups without I/O. */
public final class OwnKeys {
    private final String serverName;
    private final SigningKey key;
    private final Map<String, OldSigningKey> old;
    private final Duration validity;
    private final Clock clock;

    public OwnKeys(String serverName, SigningKey key, Map<String, OldSigningKey> old, Duration validity, Clock clock) {
        this.serverName = serverName;
        this.key = key;
        this.old = Map.copyOf(old);
        this.validity = validity;
        this.clock = clock;
    }

    public String serverName() { return serverName; }

    public SigningKey signingKey() { return key; }

    /** The key document, valid for federation.key_validity_period from now, signed by our key. */
    public ObjectNode document() {
        ObjectNode doc = Json.object();
        doc.put("server_name", serverName);
        doc.put("valid_until_ts", clock.millis() + validity.toMillis());
        doc.putObject("verify_keys").putObject(key.keyId()).put("key", key.publicKeyBase64());
        ObjectNode oldKeys = doc.putObject("old_verify_keys");
        old.forEach((id, k) -> oldKeys.putObject(id).put("key", k.key()).put("expired_ts", k.expiredTs()));
        return JsonSigning.sign(doc, serverName, key);
    }

    /** Our keys among {@code keyIds} valid at {@code validAt}: the current key always, an old key until it expired. */
    public Map<String, byte[]> verifyKeys(Collection<String> keyIds, long validAt) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String id : keyIds) {
            if (id.equals(key.keyId())) {
                out.put(id, key.publicKey());
            } else {
                OldSigningKey k = old.get(id);
                if (k != null && k.expiredTs() >= validAt) {
                    try {
                        out.put(id, Base64s.decode(k.key()));
                    } catch (IllegalArgumentException badConfig) {
                        // not base64: left out
                    }
                }
            }
        }
        return out;
    }
}
