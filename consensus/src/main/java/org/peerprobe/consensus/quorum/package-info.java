/**
 * The quorum rules: validating one signed report against the roster and the round window, tallying
 * the reports of one round per front, building quorum certificates, re-verifying them from scratch,
 * and recognising equivocation.
 *
 * <p>{@link org.peerprobe.consensus.quorum.VerifiedReport} and {@link
 * org.peerprobe.consensus.quorum.VerifiedCertificate} can only be made here, by the validators, so
 * code that takes them cannot be handed unchecked input. {@link
 * org.peerprobe.consensus.quorum.RoundTally} is mutable and not thread-safe: it has one writer.
 */
package org.peerprobe.consensus.quorum;
