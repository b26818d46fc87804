package org.peerprobe.cli;

import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.Router;
import picocli.CommandLine.Command;

/** {@code peerprobe router failback ROUTER}: back to the primary, with evidence. */
@Command(
    name = "failback",
    mixinStandardHelpOptions = true,
    description = {
      "Send ROUTER back to its primary front now, in either failback mode. The nodes switch only"
          + " if a quorum certified the primary UP in the current or the previous round; otherwise"
          + " they refuse and the router stays where it is."
    })
final class RouterFailbackCommand extends RouterControl {
  @Override
  OperatorCommand command(NetworkBundle bundle, Router router, long nowMs) {
    return OperatorCommand.failback(bundle.networkId(), router.name(), nowMs);
  }
}
