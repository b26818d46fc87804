/**
 * The signed data of peerprobe as immutable records: observations and round reports, the roster and
 * its quorum policy, quorum certificates and failover decisions, and the network bundle (roster,
 * fronts, routers) the operator signs, each with its canonical JSON form ({@code toJson}) and a
 * strict decoder ({@code decode}) that returns a typed result.
 *
 * <p>Records validate their invariants in their constructors (an invalid record cannot exist);
 * decoders turn untrusted JSON into records without throwing.
 */
package org.peerprobe.consensus.model;
