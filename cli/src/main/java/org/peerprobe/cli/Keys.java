package org.peerprobe.cli;

import java.util.Locale;
import java.util.Optional;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.PeerIds;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.node.config.BundleSource;

/** Small helpers the operator commands share. */
final class Keys {
  private Keys() {}

  /** A PeerId or 64 hex characters; throws naming what was given. */
  static Ed25519PublicKey parse(String text) {
    Optional<Ed25519PublicKey> hex = Ed25519PublicKey.parseHex(text.toLowerCase(Locale.ROOT));
    if (hex.isPresent()) {
      return hex.get();
    }
    try {
      return PeerIds.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is neither a PeerId (12D3KooW...) nor a hex public key: "
              + e.getMessage());
    }
  }

  /** "3 observers on 2 networks". */
  static String summary(BundleSource s) {
    long networks = s.observers().stream().map(Observer::network).distinct().count();
    return s.observers().size()
        + (s.observers().size() == 1 ? " observer" : " observers")
        + " on "
        + networks
        + (networks == 1 ? " network" : " networks");
  }
}
