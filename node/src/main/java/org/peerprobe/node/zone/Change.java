package org.peerprobe.node.zone;

import java.util.Objects;
import java.util.Optional;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.RecordSet;

/**
 * One RRset a provider must be given: created where it is missing, or updated where its TTL or
 * values differ. Applied with a precondition on what the plan saw, so that a record someone changed
 * between plan and write is not overwritten blindly.
 *
 * @param before what the provider holds (empty for a create)
 * @param after the declared RRset
 * @param declared where it was declared
 */
public record Change(Optional<RecordSet> before, RecordSet after, DeclaredRecord declared) {
  public Change {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(declared, "declared");
    if (before.isPresent() && !before.get().key().equals(after.key())) {
      throw new IllegalArgumentException("a change keeps its RRset: " + before.get() + " " + after);
    }
  }

  public boolean isCreate() {
    return before.isEmpty();
  }

  /** The RRset is still missing (create), or still has the values the plan saw (update). */
  public Precondition precondition() {
    return before
        .<Precondition>map(Precondition.HasValues::new)
        .orElseGet(() -> new Precondition.Absent(after.key()));
  }
}
