/**
 * Fuzz targets ({@code @FuzzTest}, Jazzer) and jqwik properties for every decoder that reads peer
 * bytes: multistream-select, Noise, yamux, gossipsub RPCs, identify and length-prefixed framing.
 * Each target feeds untrusted bytes to one decoder and asserts the same invariants: only {@link
 * org.peerprobe.p2p.core.BadPeerException} (and subclasses) escapes a decoder API, no exception
 * escapes a Netty handler (the channel is closed instead), no {@code ByteBuf} leaks, no buffer is
 * allocated from a declared length before the bytes arrived, and nothing is logged at WARNING or
 * above (the level of our own bugs). Seed inputs live under {@code
 * src/test/resources/org/peerprobe/p2p/fuzz/<Class>Inputs/<method>/} and are written by {@link
 * org.peerprobe.p2p.fuzz.SeedCorpus}; docs/fuzzing.md has the commands.
 */
package org.peerprobe.p2p.fuzz;
