package org.lightweb.federation.protocol.stateres;

import java.util.Map;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.SignatureChecker;

/** What the state resolution tests share: the real auth rules (no server keys: restricted joins are not used). */
final class TestRooms {
    static final AuthCheck AUTH = new AuthRulesCheck(new AuthRules(SignatureChecker.withKeys(Map.of())));

    private TestRooms() {}
}
