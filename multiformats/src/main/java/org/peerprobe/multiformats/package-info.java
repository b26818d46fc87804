/**
 * Multiformats shared by {@code consensus} and {@code p2p}: base58btc and base32 (multibase),
 * unsigned varints, and the libp2p PeerId of an Ed25519 key in both string forms.
 *
 * <p>JDK only, no state, thread-safe. Decoders bound their input before allocating and throw {@link
 * java.lang.IllegalArgumentException} naming what is wrong.
 */
package org.peerprobe.multiformats;
