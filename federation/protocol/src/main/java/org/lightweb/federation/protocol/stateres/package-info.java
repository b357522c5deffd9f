/**
 * State resolution v2 (room versions 10 and 11) and v2.1 (room version 12): {@link
 * org.lightweb.federation.protocol.stateres.StateResolution#resolve}. One class per definition of the spec's
 * v2-state-res fragment and rooms/v12.md "State resolution"; pure functions over events the caller loaded beforehand.
 *
 * <p>State resolution exists so that servers converge. So we follow the spec; where its text and both major
 * implementations (Synapse, ruma/tuwunel) part ways, we do what they do; where they differ from each other, we side
 * with Synapse. The places this matters (each class says more):
 * <ul>
 *   <li>The full auth chain of a state set includes the set's own events, as Synapse computes it; ruma takes the
 *       spec's words literally ({@link org.lightweb.federation.protocol.stateres.AuthDifference}).</li>
 *   <li>Step 1 walks the auth chains of power events through events of the full conflicted set only, and the
 *       ordering follows direct {@code auth_events} edges, as both do ({@link
 *       org.lightweb.federation.protocol.stateres.PowerEvents}).</li>
 *   <li>The create event is a power event, as in both (it is in the full conflicted set only when the state sets
 *       disagree about it).</li>
 *   <li>An event rejected on receipt is checked again like any other, as the spec and ruma do (Synapse skips it), and
 *       is never used to authorise another, as all do ({@link
 *       org.lightweb.federation.protocol.stateres.IterativeAuthChecks}).</li>
 * </ul>
 */
package org.lightweb.federation.protocol.stateres;
