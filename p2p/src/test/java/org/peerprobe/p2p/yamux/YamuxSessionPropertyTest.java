package org.peerprobe.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.peerprobe.p2p.stream.Stream;

/** Random interleavings of writes, pumps and half-closes over several streams. */
class YamuxSessionPropertyTest {
  /** Write {@code size} bytes on stream {@code stream}, then maybe move the bytes across. */
  record Op(int stream, int size, boolean pump) {}

  @Property(tries = 30)
  void everyStreamDeliversItsBytesInOrderAndNothingLeaks(
      @ForAll @IntRange(min = 1, max = 6) int streamCount,
      @ForAll("ops") List<Op> ops,
      @ForAll long seed) {
    List<RecordingHandler> sinks = new ArrayList<>();
    Peers p =
        new Peers(
            YamuxConfig.DEFAULT,
            YamuxConfig.DEFAULT,
            s -> {
              RecordingHandler h = new RecordingHandler();
              sinks.add(h);
              s.setHandler(h);
            });
    Random random = new Random(seed);
    List<Stream> streams = new ArrayList<>();
    List<ByteArrayOutputStream> expected = new ArrayList<>();
    for (int i = 0; i < streamCount; i++) {
      Stream s = p.open(p.dialer);
      s.setHandler(new RecordingHandler());
      streams.add(s);
      expected.add(new ByteArrayOutputStream());
    }
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (Op op : ops) {
      int index = op.stream() % streamCount;
      byte[] bytes = new byte[op.size()];
      random.nextBytes(bytes);
      expected.get(index).writeBytes(bytes);
      writes.add(streams.get(index).write(p.alloc.buffer(bytes.length).writeBytes(bytes)));
      if (op.pump()) {
        p.pump();
      }
    }
    streams.forEach(Stream::closeWrite);
    p.pump();
    assertThat(writes).allSatisfy(w -> assertThat(w).isCompleted());
    assertThat(sinks).hasSize(streamCount);
    for (int i = 0; i < streamCount; i++) {
      assertThat(sinks.get(i).bytes()).isEqualTo(expected.get(i).toByteArray());
      assertThat(sinks.get(i).remoteClosed).isTrue();
    }
    p.finishAndCheckReleased();
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> size =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 100),
            Arbitraries.integers().between(1, 70_000),
            Arbitraries.integers().between(200_000, 600_000));
    return Combinators.combine(
            Arbitraries.integers().between(0, 5), size, Arbitraries.of(true, false))
        .as(Op::new)
        .list()
        .ofMaxSize(12);
  }
}
