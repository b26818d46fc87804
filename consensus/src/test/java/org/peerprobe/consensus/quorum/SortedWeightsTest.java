package org.peerprobe.consensus.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SortedWeightsTest {

  @Property
  void equalsItsSourceAndIteratesInNetworkOrder(
      @ForAll @Size(max = 12)
          Map<@StringLength(min = 1, max = 8) String, @LongRange(min = 1, max = 1_000) Long>
              source) {
    Map<String, Long> hashed = new HashMap<>(source);
    Map<String, Long> fromHash = SortedWeights.copyOf(hashed);
    Map<String, Long> fromTree = SortedWeights.copyOf(new TreeMap<>(source));

    assertThat(fromHash).isEqualTo(hashed).hasSameHashCodeAs(hashed).isEqualTo(fromTree);
    assertThat(new ArrayList<>(fromHash.keySet()))
        .containsExactlyElementsOf(new TreeMap<>(source).keySet());
    for (Map.Entry<String, Long> e : source.entrySet()) {
      assertThat(fromHash.get(e.getKey())).isEqualTo(e.getValue());
      assertThat(fromHash.containsKey(e.getKey())).isTrue();
    }
    assertThat(fromHash.get("\u0000absent")).isNull();
    assertThat(fromHash.containsKey(42)).isFalse();
  }

  @Test
  void isAnImmutableSnapshot() {
    TreeMap<String, Long> live = new TreeMap<>(Map.of("b", 2L, "a", 1L));
    Map<String, Long> snapshot = SortedWeights.copyOf(live);
    live.put("c", 3L);

    assertThat(snapshot).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
    assertThatThrownBy(() -> snapshot.put("d", 4L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.entrySet().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(SortedWeights.copyOf(snapshot)).isSameAs(snapshot);
    assertThat(SortedWeights.copyOf(Map.of())).isEmpty();
  }
}
