package org.lightweb.plugin.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VCardsTest {
    static final String CARD = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u-1\r\nFN:Zoë\r\n  Example\r\n"
            + "item1.EMAIL;TYPE=\"work,x:y\":zoe@example.org\r\nEMAIL:z@example.net\r\nNOTE:a\\, b\\nc\r\nEND:VCARD\r\n";

    @Test
    void valuesShouldUnfoldLinesAndIgnoreGroupsWhenReadingProperties() {
        assertThat(VCards.values(CARD, "FN")).containsExactly("Zoë Example");
        assertThat(VCards.values(CARD, "email")).containsExactly("zoe@example.org", "z@example.net");
        assertThat(VCards.values(CARD, "NOTE")).containsExactly("a, b\nc");
        assertThat(VCards.values(CARD, "TEL")).isEmpty();
    }

    @Test
    void validateShouldAnswerUidWhenCardIsValidAndRefuseWhenNot() throws Exception {
        assertThat(VCards.validate(CARD)).isEqualTo("u-1");
        assertThatThrownBy(() -> VCards.validate("BEGIN:VCARD\r\nUID:x\r\nFN:No version\r\nEND:VCARD\r\n")).isInstanceOf(VCards.Invalid.class);
        assertThatThrownBy(() -> VCards.validate("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")).isInstanceOf(VCards.Invalid.class);
        assertThatThrownBy(() -> VCards.validate("")).isInstanceOf(VCards.Invalid.class);
    }
}
