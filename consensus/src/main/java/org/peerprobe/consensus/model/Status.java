package org.peerprobe.consensus.model;

/** What one observer saw of one front. */
public enum Status {
  UP,
  DOWN
}
