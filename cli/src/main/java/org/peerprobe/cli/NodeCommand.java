package org.peerprobe.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.NodeConfig;
import org.peerprobe.node.config.NodeConfigFile;
import org.peerprobe.node.runtime.NodeRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerprobe node --config FILE}: run a volunteer node in the foreground. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a volunteer node in the foreground: probe every front of the network each round,"
          + " sign and gossip the report, and tally everyone's reports. Stops cleanly on"
          + " Ctrl-C (SIGINT) or SIGTERM."
    })
final class NodeCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "the node configuration (node.yaml, written by `peerprobe init`)")
  Path config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    NodeRunner runner;
    try {
      NodeConfig cfg = NodeConfigFile.load(config);
      runner = NodeRunner.start(cfg);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("node: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runner.close();
                  stopped.countDown();
                },
                "peerprobe-shutdown"));
    stopped.await();
    return 0;
  }
}
