package org.peerprobe.node.feed;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Builds evidence files ({@code docs/feed.md}: {@code peerprobe-evidence/v1}) for the feed's {@code
 * …/evidence} endpoints: empty when this node does not hold the decision or certificate.
 */
public interface EvidenceSource {
  CompletableFuture<Optional<byte[]>> forDecision(String id);

  CompletableFuture<Optional<byte[]>> forCertificate(String id);

  /** A node that assembles no evidence: every lookup is empty. */
  EvidenceSource NONE =
      new EvidenceSource() {
        @Override
        public CompletableFuture<Optional<byte[]>> forDecision(String id) {
          return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Optional<byte[]>> forCertificate(String id) {
          return CompletableFuture.completedFuture(Optional.empty());
        }
      };
}
