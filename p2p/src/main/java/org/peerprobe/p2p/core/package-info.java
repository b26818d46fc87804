/**
 * Identities, addresses, time and faults shared by every libp2p protocol here: {@link
 * org.peerprobe.p2p.core.PeerId}, {@link org.peerprobe.p2p.core.HostKey} (Ed25519 in libp2p
 * protobuf encoding), {@link org.peerprobe.p2p.core.Multiaddr}, the injectable {@link
 * org.peerprobe.p2p.core.Scheduler}, and exceptions that say whose fault a failure is.
 */
package org.peerprobe.p2p.core;
