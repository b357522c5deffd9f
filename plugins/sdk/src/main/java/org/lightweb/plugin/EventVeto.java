package org.lightweb.plugin;

import org.pf4j.ExtensionPoint;

/**
 * A say on every event a local user sends (as Synapse's spam checker has): {@link Verdict#deny} refuses it with 403
 * M_FORBIDDEN and the reason. Each check has {@code plugins.hook_timeout} to answer; one that throws or answers late
 * lets the event through (a broken plugin must not stop a node's users from talking) and is logged.
 *
 * <pre>{@code
 * @Extension
 * public class NoShouting implements EventVeto {
 *     public Verdict check(ProposedEvent e) {
 *         Object body = e.content().get("body");
 *         return body instanceof String s && s.length() > 3 && s.equals(s.toUpperCase()) ? Verdict.deny("No shouting") : Verdict.allow();
 *     }
 * }
 * }</pre>
 */
public interface EventVeto extends ExtensionPoint {
    Verdict check(ProposedEvent event) throws Exception;
}
