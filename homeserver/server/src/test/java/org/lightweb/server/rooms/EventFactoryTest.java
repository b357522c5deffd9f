package org.lightweb.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.SignatureChecker;

/** Client content that canonical JSON cannot carry is the client's error (400 M_BAD_JSON), never a 500. */
class EventFactoryTest {
    private static final ServerName SERVER = new ServerName("kaslo.test");
    private final EventFactory factory = new EventFactory(SERVER, SigningKey.generate(),
            new AuthRules(SignatureChecker.withKeys(Map.of())), Clock.SYSTEM);

    @Test
    void buildShouldAnswerBadJsonWhenContentHoldsWhatCanonicalJsonCannotCarry() {
        UserId alice = UserId.of("alice", SERVER);
        for (String content : List.of("{\"body\":\"\\ud800\"}", "{\"n\":1.5}", "{\"n\":1e400}")) {
            ObjectNode parsed = (ObjectNode) Json.parse(content);
            parsed.put("room_version", "11");

            MatrixException e = catchThrowableOfType(MatrixException.class, () -> factory.build(RoomVersion.V11, "!r:kaslo.test",
                    EventDraft.state("m.room.create", "", alice, parsed), Map.of(), Map.of()));

            assertThat(e).as(content).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errcode()).isEqualTo(ErrCode.M_BAD_JSON);
        }
    }
}
