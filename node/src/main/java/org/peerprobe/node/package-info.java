/**
 * The running node: configuration, prober, round scheduler, gossip of observations, tally, signer,
 * DNS providers, storage and the health feed. It joins {@code consensus} and {@code p2p}. (Built by
 * issues #4–#6; this module is empty until then.)
 */
package org.peerprobe.node;
