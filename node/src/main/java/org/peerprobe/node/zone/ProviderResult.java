package org.peerprobe.node.zone;

import java.util.Objects;

/** What applying a plan did at one provider. */
public sealed interface ProviderResult {
  String provider();

  /** Every planned change was accepted. */
  record Applied(String provider, int changes) implements ProviderResult {
    public Applied {
      Objects.requireNonNull(provider, "provider");
    }
  }

  /** The provider already held every declared record. */
  record NoChanges(String provider) implements ProviderResult {
    public NoChanges {
      Objects.requireNonNull(provider, "provider");
    }
  }

  /**
   * The provider was not brought up to date: it could not be planned, or a write failed.
   *
   * @param fault whose fault and what to do
   * @param message the failure, naming the provider
   * @param applied changes accepted before the failure (writes go in batches of {@link
   *     org.peerprobe.node.dns.RecordWrite#MAX_UPSERTS})
   * @param planned changes planned (0 when the provider could not be planned)
   */
  record Failed(String provider, String fault, String message, int applied, int planned)
      implements ProviderResult {
    public Failed {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(message, "message");
    }
  }
}
