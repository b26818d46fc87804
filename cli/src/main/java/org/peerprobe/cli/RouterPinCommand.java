package org.peerprobe.cli;

import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.Router;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peerprobe router pin ROUTER FRONT}: point at FRONT and stay there. */
@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    description = {
      "Point ROUTER at FRONT (its primary or its secondary) and keep it there: the quorum's"
          + " certificates no longer switch it until `peerprobe router unpin`. This overrides the"
          + " quorum: the switch happens even if FRONT is certified DOWN."
    })
final class RouterPinCommand extends RouterControl {
  @Parameters(index = "1", paramLabel = "FRONT", description = "the front to pin the router to")
  String front;

  @Override
  OperatorCommand command(NetworkBundle bundle, Router router, long nowMs) {
    if (!router.policy().covers(front)) {
      throw new IllegalArgumentException(
          "router "
              + router.name()
              + " switches between "
              + router.policy().primary()
              + " and "
              + router.policy().secondary()
              + ", not '"
              + front
              + "'");
    }
    return OperatorCommand.pin(bundle.networkId(), router.name(), front, nowMs);
  }
}
