package org.peerprobe.node.probe;

/**
 * A probe setting is invalid: the operator's network bundle (a front) or the node's own config (a
 * resolver, the round budget) must be fixed. Thrown by the builders' {@code build()}; never by a
 * probe, whose outcome is always an observation.
 */
public class ProbeConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ProbeConfigException(String message) {
    super(message);
  }
}
