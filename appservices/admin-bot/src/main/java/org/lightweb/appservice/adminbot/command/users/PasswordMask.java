package org.lightweb.appservice.adminbot.command.users;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.adminbot.command.Fmt;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** Masks password arguments for the audit log. */
final class PasswordMask {
    private PasswordMask() {}

    /** {@code args} with the {@code index}-th positional argument (not counting --options) replaced by "***". */
    static List<String> mask(List<String> args, int index) {
        List<String> out = new ArrayList<>(args);
        int positional = 0;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).startsWith("--")) continue;
            if (positional++ == index) out.set(i, "***");
        }
        return out;
    }
}
