package org.peerprobe.node.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.peerprobe.node.config.NodeConfigFile;
import org.peerprobe.node.service.NodeEvent;

/**
 * The child process of {@link NodeCrashRestartTest}: runs the node of the {@code node.yaml} given
 * as its argument as {@code peerprobe node --config} does ({@link NodeRunner#start}, stopped by a
 * shutdown hook on SIGTERM), and prints {@value #STARTED}{@code <PeerId>} once it runs and {@value
 * #REPORTED}{@code <round>} for each report it publishes, and {@value #STOPPED} once stopped
 * cleanly. It exits when its parent goes away (its stdin closes), so a failed test leaves no node
 * behind.
 */
public final class ChildNodeMain {
  static final String STARTED = "child started ";
  static final String REPORTED = "child reported round ";
  static final String STOPPED = "child stopped";

  private ChildNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // Drain until the parent closes the pipe.
                }
              } catch (IOException e) {
                // Same as end of input.
              }
              // Not halt: exit runs the shutdown hook, which stops the node cleanly.
              System.exit(3);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    NodeRunner runner = NodeRunner.start(NodeConfigFile.load(Path.of(args[0])));
    runner
        .service()
        .addListener(
            e -> {
              if (e instanceof NodeEvent.Reported r) {
                say(REPORTED + r.round());
              }
            });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runner.close();
                  say(STOPPED);
                  stopped.countDown();
                },
                "child-node-shutdown"));
    say(STARTED + runner.gossipNode().host().peerId());
    stopped.await();
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
