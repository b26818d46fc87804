/**
 * The pure heart of peerprobe: who may observe, what an observation says, when enough independent
 * observations agree to act, and how a router's target changes.
 *
 * <p>Nothing in this module performs I/O, starts a thread or reads a clock: time arrives as round
 * numbers and epoch milliseconds inside inputs, randomness as seeds. The module depends only on the
 * JDK, BouncyCastle and Jackson, so any other module (and any other language, via {@code
 * docs/protocol.md} and the committed test vectors) can reproduce every decision it makes.
 */
package org.peerprobe.consensus;
