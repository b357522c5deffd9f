package org.lightweb.server.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.server.config.HomeserverConfig;

class VertxMailerTest {
    private static HomeserverConfig.Email email(String security, Optional<String> user) {
        return new HomeserverConfig.Email("smtp.kaslo.example", 587, user, user.map(u -> "pw"), security,
                "Lightweb <noreply@kaslo.example>", Duration.ofHours(1));
    }

    @Test
    void mailConfigShouldRequireStartTlsWhenSecurityIsStarttls() {
        MailConfig c = VertxMailer.mailConfig(email("starttls", Optional.empty()), "kaslo.example");
        assertThat(c.isSsl()).isFalse();
        assertThat(c.getStarttls()).isEqualTo(StartTLSOptions.REQUIRED);
        assertThat(c.getHostname()).isEqualTo("smtp.kaslo.example");
        assertThat(c.getPort()).isEqualTo(587);
        assertThat(c.getOwnHostname()).isEqualTo("kaslo.example");
        assertThat(c.isTrustAll()).isFalse();
    }

    @Test
    void mailConfigShouldUseImplicitTlsWhenSecurityIsTls() {
        MailConfig c = VertxMailer.mailConfig(email("tls", Optional.empty()), "kaslo.example");
        assertThat(c.isSsl()).isTrue();
        assertThat(c.getStarttls()).isEqualTo(StartTLSOptions.DISABLED);
    }

    @Test
    void mailConfigShouldSpeakPlainSmtpWhenSecurityIsNone() {
        MailConfig c = VertxMailer.mailConfig(email("none", Optional.empty()), "kaslo.example");
        assertThat(c.isSsl()).isFalse();
        assertThat(c.getStarttls()).isEqualTo(StartTLSOptions.DISABLED);
        assertThat(c.getLogin()).isEqualTo(LoginOption.DISABLED);
    }

    @Test
    void mailConfigShouldRequireLoginWhenUserIsSet() {
        MailConfig c = VertxMailer.mailConfig(email("starttls", Optional.of("lightweb")), "kaslo.example");
        assertThat(c.getLogin()).isEqualTo(LoginOption.REQUIRED);
        assertThat(c.getUsername()).isEqualTo("lightweb");
        assertThat(c.getPassword()).isEqualTo("pw");
    }
}
