package org.peerprobe.node.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CachedEvidenceTest {

  /** Hands out one future per request, completed by the test. */
  private static final class Source implements EvidenceSource {
    final List<String> asked = new ArrayList<>();
    final Map<String, CompletableFuture<Optional<byte[]>>> pending = new HashMap<>();

    @Override
    public CompletableFuture<Optional<byte[]>> forDecision(String id) {
      return ask("d:" + id);
    }

    @Override
    public CompletableFuture<Optional<byte[]>> forCertificate(String id) {
      return ask("c:" + id);
    }

    private CompletableFuture<Optional<byte[]>> ask(String key) {
      asked.add(key);
      CompletableFuture<Optional<byte[]>> f = new CompletableFuture<>();
      pending.put(key, f);
      return f;
    }
  }

  private final Source source = new Source();

  @Test
  void aFileIsAssembledOnceForConcurrentAndLaterReaders() {
    CachedEvidence cache = new CachedEvidence(source, 1000);
    CompletableFuture<Optional<byte[]>> first = cache.forDecision("a");
    CompletableFuture<Optional<byte[]>> second = cache.forDecision("a");
    assertThat(second).isNotDone();

    source.pending.get("d:a").complete(Optional.of(new byte[100]));

    assertThat(first.join()).hasValueSatisfying(b -> assertThat(b).hasSize(100));
    assertThat(second.join()).hasValueSatisfying(b -> assertThat(b).hasSize(100));
    assertThat(cache.forDecision("a").join()).isPresent();
    assertThat(source.asked).containsExactly("d:a");
    assertThat(cache.keptBytes()).isEqualTo(100);
  }

  @Test
  void decisionsAndCertificatesWithTheSameIdAreDifferentFiles() {
    CachedEvidence cache = new CachedEvidence(source, 1000);
    cache.forDecision("x");
    cache.forCertificate("x");
    assertThat(source.asked).containsExactly("d:x", "c:x");
  }

  @Test
  void absentAndFailedLookupsAreAskedAgain() {
    CachedEvidence cache = new CachedEvidence(source, 1000);
    CompletableFuture<Optional<byte[]>> absent = cache.forCertificate("c");
    source.pending.get("c:c").complete(Optional.empty());
    assertThat(absent.join()).isEmpty();

    CompletableFuture<Optional<byte[]>> failed = cache.forCertificate("c");
    source.pending.get("c:c").completeExceptionally(new IllegalStateException("store closed"));
    assertThat(failed).isCompletedExceptionally();

    cache.forCertificate("c");
    assertThat(source.asked).containsExactly("c:c", "c:c", "c:c");
    assertThat(cache.keptBytes()).isZero();
  }

  @Test
  void theLeastRecentlyServedFilesLeaveFirstOnceTheByteBudgetIsSpent() {
    CachedEvidence cache = new CachedEvidence(source, 250);
    for (String id : List.of("a", "b")) {
      CompletableFuture<Optional<byte[]>> f = cache.forDecision(id);
      source.pending.get("d:" + id).complete(Optional.of(new byte[100]));
      f.join();
    }
    cache.forDecision("a").join(); // a is now the most recently served
    CompletableFuture<Optional<byte[]>> c = cache.forDecision("c");
    source.pending.get("d:c").complete(Optional.of(new byte[100]));
    c.join();

    assertThat(cache.keptBytes()).isEqualTo(200);
    cache.forDecision("a").join();
    cache.forDecision("b"); // evicted: assembled again
    assertThat(source.asked).containsExactly("d:a", "d:b", "d:c", "d:b");

    CompletableFuture<Optional<byte[]>> huge = cache.forDecision("huge");
    source.pending.get("d:huge").complete(Optional.of(new byte[251]));
    assertThat(huge.join()).isPresent();
    assertThat(cache.keptBytes()).isEqualTo(200);
  }
}
