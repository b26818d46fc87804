package org.peerprobe.node.dns;

/**
 * What must hold in the zone for a write to go ahead. Providers with {@link
 * ProviderLimits#atomicPreconditions()} check it in the same transaction as the write (RFC 2136
 * prerequisites); the others read, check and then write, which narrows the race but cannot close
 * it. A failed precondition fails the write with {@link ProviderException.PreconditionFailed} and
 * changes nothing.
 */
public sealed interface Precondition {
  RecordKey key();

  /** The RRset exists with exactly these values (any TTL). */
  record HasValues(RecordSet expected) implements Precondition {
    @Override
    public RecordKey key() {
      return expected.key();
    }
  }

  /** No RRset of this name and type exists. */
  record Absent(RecordKey key) implements Precondition {}
}
