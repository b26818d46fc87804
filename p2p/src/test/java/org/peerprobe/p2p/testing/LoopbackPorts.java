package org.peerprobe.p2p.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for tests that must know a listener's port before it binds (a node's bootstrap
 * list names peers that start later; a restarted node reuses its port).
 *
 * <p>Asking the kernel for port 0 and closing the socket is not enough: the port comes from the
 * ephemeral range, and the very next outbound connection (a node dialling a peer that is not up
 * yet) may take it as its source port, so the later bind fails with "Address already in use". This
 * class hands out ports below the ephemeral range ({@code net.ipv4.ip_local_port_range}, 32768 and
 * up on Linux), which the kernel never assigns to outbound sockets, never the same one twice in a
 * JVM, and each checked free for TCP and UDP on 127.0.0.1 when handed out. The walk starts at a
 * random place so two JVMs on one machine rarely meet.
 */
public final class LoopbackPorts {

  /** The lowest port handed out: above the well-known and most registered service ports. */
  static final int FIRST = 20_000;

  /** One past the highest port handed out: the start of Linux's default ephemeral range. */
  static final int END = 32_768;

  /** Ports tried before giving up: the whole range once. */
  private static final int MAX_TRIES = END - FIRST;

  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(END - FIRST));

  private LoopbackPorts() {}

  /** A port free on 127.0.0.1 for TCP and UDP when checked, never handed out before in this JVM. */
  public static int reserve() {
    for (int i = 0; i < MAX_TRIES; i++) {
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), END - FIRST);
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port in " + FIRST + ".." + (END - 1) + " (every one is in use)");
  }

  private static boolean free(int port) {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket tcp = new ServerSocket()) {
      tcp.setReuseAddress(false);
      tcp.bind(new InetSocketAddress(lo, port), 1);
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, port))) {
        return udp.getLocalPort() == port;
      }
    } catch (IOException e) {
      return false;
    }
  }
}
