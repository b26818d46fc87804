package org.peerprobe.node.store;

import org.peerprobe.consensus.model.Verdict;

/**
 * A stored certificate without its reports: what a listing needs. Fetch the evidence itself with
 * {@link Store#certificate(String)}; listings stay small however many observers signed.
 *
 * @param id {@link org.peerprobe.consensus.model.QuorumCertificate#id()}
 * @param front the front
 * @param round the round
 * @param verdict UP or DOWN
 * @param rosterVersion the roster the certificate was made under
 * @param reports how many signed reports it holds
 * @param storedAtMs when it was stored, epoch milliseconds (local clock)
 */
public record CertificateSummary(
    String id,
    String front,
    long round,
    Verdict verdict,
    long rosterVersion,
    int reports,
    long storedAtMs) {}
