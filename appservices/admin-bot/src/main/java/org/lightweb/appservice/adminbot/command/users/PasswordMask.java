package org.lightweb.appservice.adminbot.command.users;

import java.util.ArrayList;
import java.util.List;

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
