package org.peerprobe.node.zone;

import java.util.List;
import java.util.Objects;

/**
 * What one provider needs, or why it cannot be planned. Three outcomes, each saying whose move it
 * is: {@link Ready} (the changes, possibly none), {@link Invalid} (the zone file asks for something
 * this provider refuses: fix the file; nothing is written to any provider), {@link Failed} (the
 * provider could not be read: its credentials, its availability; the others go ahead).
 */
public sealed interface ProviderPlan {
  /** The provider's id. */
  String provider();

  /**
   * The changes that bring the provider to the declared records.
   *
   * @param changes creates and updates, in declaration order
   * @param unchanged declared RRsets the provider already holds
   * @param notes declared RRsets deliberately left alone, each with the reason
   */
  record Ready(String provider, List<Change> changes, int unchanged, List<String> notes)
      implements ProviderPlan {
    public Ready {
      Objects.requireNonNull(provider, "provider");
      changes = List.copyOf(changes);
      notes = List.copyOf(notes);
    }

    public long creates() {
      return changes.stream().filter(Change::isCreate).count();
    }

    public long updates() {
      return changes.size() - creates();
    }
  }

  /**
   * The declared records break this provider's rules (a TTL below its minimum, a CNAME beside data
   * it holds); each problem names the record and where it was declared.
   */
  record Invalid(String provider, List<String> problems) implements ProviderPlan {
    public Invalid {
      Objects.requireNonNull(provider, "provider");
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid plan has at least one problem");
      }
    }
  }

  /**
   * The provider could not be read.
   *
   * @param fault whose fault and what to do, e.g. {@code credentials refused (fix the
   *     configuration)}
   * @param message the failure, naming the provider (never a credential)
   */
  record Failed(String provider, String fault, String message) implements ProviderPlan {
    public Failed {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(message, "message");
    }
  }
}
