package org.peerprobe.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.PeerIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Converts between an observer's raw public key and its libp2p PeerId forms. */
@Command(
    name = "peer-id",
    mixinStandardHelpOptions = true,
    description = {
      "Show the libp2p PeerId of an Ed25519 public key, or the key inside a PeerId.",
      "Accepts 64 hex characters, a base58 PeerId (12D3KooW...) or a CIDv1 PeerId (bafz...)."
    })
final class PeerIdCommand implements Callable<Integer> {
  @Parameters(paramLabel = "KEY_OR_PEER_ID", description = "public key hex, or a PeerId")
  String input;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Optional<Ed25519PublicKey> key = Ed25519PublicKey.parseHex(input);
    if (key.isEmpty()) {
      try {
        key = Optional.of(PeerIds.parse(input));
      } catch (IllegalArgumentException e) {
        spec.commandLine()
            .getErr()
            .println(
                "peer-id: '" + input + "' is neither a public key nor a PeerId: " + e.getMessage());
        return 1;
      }
    }
    var out = spec.commandLine().getOut();
    out.println("public key  " + key.get().hex());
    out.println("peer id     " + key.get().peerId());
    out.println("peer id cid " + PeerIds.toCid(key.get()));
    return 0;
  }
}
