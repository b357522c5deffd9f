package org.lightweb.server.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;

class AppserviceClientTest {
    private static AppserviceClient.Answer answer(int status, String body) {
        return new AppserviceClient.Answer(status, body == null ? null : Json.parse(body), null, false);
    }

    @Test
    void unknownRouteShouldBeFalseWhenTheAppserviceAnswersNotFoundWithItsOwnError() {
        // matrix-bot-sdk declining an alias query: asking its legacy /rooms/{alias} would run the bridge's handler twice
        assertThat(AppserviceClient.unknownRoute(answer(404, "{\"errcode\":\"ROOM_DOES_NOT_EXIST\",\"error\":\"Room not created\"}")))
                .isFalse();
        assertThat(AppserviceClient.unknownRoute(answer(404, "{\"errcode\":\"USER_DOES_NOT_EXIST\"}"))).isFalse();
        assertThat(AppserviceClient.unknownRoute(answer(500, null))).isFalse();
        assertThat(AppserviceClient.unknownRoute(answer(200, "{}"))).isFalse();
        assertThat(AppserviceClient.unknownRoute(answer(0, null))).isFalse();
    }

    @Test
    void unknownRouteShouldBeTrueWhenTheAppserviceDoesNotKnowThePath() {
        assertThat(AppserviceClient.unknownRoute(answer(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized\"}"))).isTrue();
        assertThat(AppserviceClient.unknownRoute(answer(405, "{\"errcode\":\"M_UNRECOGNIZED\"}"))).isTrue();
        assertThat(AppserviceClient.unknownRoute(answer(404, null))).isTrue();
        assertThat(AppserviceClient.unknownRoute(answer(404, "\"Not Found\""))).isTrue();
    }
}
