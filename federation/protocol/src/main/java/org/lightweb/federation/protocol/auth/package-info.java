/**
 * The authorisation rules of room versions 10, 11 and 12, as pure functions over loaded events.
 *
 * <p>Entry point: {@link org.lightweb.federation.protocol.auth.AuthRules}. Where each rule lives (version 12's
 * numbers; v10/v11 have no rule 2, so their later rules are one lower):
 * <ul>
 *   <li>1, m.room.create: {@code CreateRules}</li>
 *   <li>2, the room ID names an accepted create event (v12), and 3, the event's auth_events: {@code AuthEventRules},
 *       using {@link org.lightweb.federation.protocol.auth.AuthEventsSelection}</li>
 *   <li>4, m.federate; 6, the sender is joined; 7, m.room.third_party_invite: {@code SenderRules}</li>
 *   <li>5, m.room.member: {@code MembershipRules} (5.1, 5.2, leave, ban, knock), {@code JoinMembershipRules} (5.3),
 *       {@code InviteMembershipRules} (5.4)</li>
 *   <li>8, required power level; 9, state keys naming users; 10, m.room.power_levels: {@code PowerLevelRules},
 *       reading levels through {@link org.lightweb.federation.protocol.auth.PowerLevels}</li>
 *   <li>11, otherwise allow: {@link org.lightweb.federation.protocol.auth.AuthRules}</li>
 * </ul>
 *
 * <p>Left to the caller: signature and hash checks on receipt, deciding whether an event was rejected (answered
 * through {@link org.lightweb.federation.protocol.auth.AuthState#isRejected}), loading auth events, the create event
 * and the keys a {@link org.lightweb.federation.protocol.auth.SignatureChecker} needs, and the redaction handling
 * that decides whether an allowed m.room.redaction takes effect.
 */
package org.lightweb.federation.protocol.auth;
