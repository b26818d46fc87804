package org.peerprobe.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed seed corpus is the one {@link SeedCorpus} writes, and its {@code valid-*} inputs
 * really are valid: each target accepts them. (The fuzz targets only check invariants, so without
 * this a seed that silently stopped reaching the code under test would go unnoticed.)
 */
class SeedCorpusTest {
  private static final Map<String, Map<String, byte[]>> SEEDS = SeedCorpus.all();

  @Test
  void everyTargetHasValidAndEdgeSeeds() {
    assertThat(SEEDS.keySet()).containsExactlyElementsOf(Targets.ALL.keySet());
    SEEDS.forEach(
        (dir, seeds) -> {
          assertThat(seeds.keySet()).as(dir).anyMatch(n -> n.startsWith("valid-"));
          assertThat(seeds.keySet()).as(dir).anyMatch(n -> n.startsWith("edge-"));
        });
  }

  @Test
  void committedSeedsMatchTheGenerator() throws IOException {
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, Map<String, byte[]>> target : SEEDS.entrySet()) {
      for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
        String path = "/" + target.getKey() + "/" + seed.getKey();
        try (InputStream in = SeedCorpusTest.class.getResourceAsStream(path)) {
          if (in == null || !Arrays.equals(in.readAllBytes(), seed.getValue())) {
            stale.add(path);
          }
        }
      }
    }
    assertThat(stale).as("regenerate with SeedCorpus (docs/fuzzing.md)").isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> validSeedsAreAccepted() {
    return SEEDS.entrySet().stream()
        .flatMap(
            target ->
                target.getValue().entrySet().stream()
                    .filter(seed -> seed.getKey().startsWith("valid-"))
                    .map(
                        seed ->
                            DynamicTest.dynamicTest(
                                target.getKey() + "/" + seed.getKey(),
                                () ->
                                    assertThat(
                                            Targets.ALL.get(target.getKey()).test(seed.getValue()))
                                        .as("accepted")
                                        .isTrue())));
  }
}
