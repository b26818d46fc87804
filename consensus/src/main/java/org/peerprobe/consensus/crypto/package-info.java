/**
 * Ed25519 keys and signatures (BouncyCastle's RFC 8032 implementation), SHA-256, and the libp2p
 * PeerId encoding of an observer key ({@code 12D3KooW…} base58btc and {@code bafz…} CIDv1).
 *
 * <p>All types here are immutable and thread-safe. Private key material never appears in {@code
 * toString()}.
 */
package org.peerprobe.consensus.crypto;
