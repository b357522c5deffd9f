package org.lightweb.plugin.example.greeter;

import java.util.Locale;
import org.lightweb.plugin.EventVeto;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.ProposedEvent;
import org.lightweb.plugin.Verdict;
import org.pf4j.Extension;

/** Refuses an m.room.message whose body holds {@code forbidden_word} (in any case), when one is configured. */
@Extension
public class ForbiddenWordVeto implements EventVeto {
    private final String word;

    public ForbiddenWordVeto(PluginContext ctx) {
        this.word = GreeterSettings.from(ctx.config()).forbiddenWord();
    }

    @Override
    public Verdict check(ProposedEvent event) {
        if (word == null || !"m.room.message".equals(event.type())) return Verdict.allow();
        Object body = event.content() == null ? null : event.content().get("body");
        if (body instanceof String text && text.toLowerCase(Locale.ROOT).contains(word)) {
            return Verdict.deny("This server does not allow messages containing '" + word + "'");
        }
        return Verdict.allow();
    }
}
