package org.peerprobe.cli;

import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.Router;
import picocli.CommandLine.Command;

/** {@code peerprobe router unpin ROUTER}: automatic switching again. */
@Command(
    name = "unpin",
    mixinStandardHelpOptions = true,
    description = {
      "End the pin of ROUTER: the quorum's certificates switch it again by its failover rules."
    })
final class RouterUnpinCommand extends RouterControl {
  @Override
  OperatorCommand command(NetworkBundle bundle, Router router, long nowMs) {
    return OperatorCommand.unpin(bundle.networkId(), router.name(), nowMs);
  }
}
