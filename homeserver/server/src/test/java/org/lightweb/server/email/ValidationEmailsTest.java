package org.lightweb.server.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidationEmailsTest {
    private final ValidationEmails emails = new ValidationEmails("kaslo.example", "https://matrix.kaslo.example");

    @Test
    void submitUrlShouldSitUnderPublicBaseUrlWhenBaseUrlHasNoTrailingSlash() {
        assertThat(emails.submitUrl()).isEqualTo("https://matrix.kaslo.example/_lightweb/client/v1/email/submit_token");
    }

    @Test
    void linkShouldEncodeParametersWhenTheyHoldReservedCharacters() {
        assertThat(emails.link("sid1", "a=b.c", "tok"))
                .isEqualTo("https://matrix.kaslo.example/_lightweb/client/v1/email/submit_token?sid=sid1&client_secret=a%3Db.c&token=tok");
    }

    @Test
    void composeShouldCarryLinkInTextAndEscapedLinkInHtmlWhenSendingAValidation() {
        String link = emails.link("sid1", "secret", "tok123");
        Mailer.Message m = emails.compose(ThreepidService.Purpose.PASSWORD_RESET, "kim@example.org", link, "tok123",
                Duration.ofHours(1));
        assertThat(m.to()).isEqualTo("kim@example.org");
        assertThat(m.subject()).isEqualTo("[kaslo.example] Password reset");
        assertThat(m.text()).contains(link).contains("tok123").contains("1 hour");
        assertThat(m.html()).contains(link.replace("&", "&amp;")).doesNotContain("&client_secret");
    }

    @Test
    void humaniseShouldPickTheLargestWholeUnitWhenFormattingLifetimes() {
        assertThat(ValidationEmails.humanise(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(ValidationEmails.humanise(Duration.ofMinutes(90))).isEqualTo("90 minutes");
        assertThat(ValidationEmails.humanise(Duration.ofDays(2))).isEqualTo("2 days");
        assertThat(ValidationEmails.humanise(Duration.ofSeconds(45))).isEqualTo("45 seconds");
    }

    @Test
    void escapeShouldNeutraliseMarkupWhenTextHoldsIt() {
        assertThat(ValidationEmails.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
