package org.peerprobe.p2p.mss;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.peerprobe.p2p.mss.MultistreamNegotiation.Status;

/** A dialer engine against a listener engine, with the bytes cut at random points. */
class MultistreamEnginePairTest {
  private static final List<String> UNIVERSE =
      List.of("/meshsub/1.2.0", "/meshsub/1.1.0", "/meshsub/1.0.0", "/floodsub/1.0.0", "/x");

  @Property(tries = 300)
  void dialerGetsItsFirstProtocolTheListenerSupports(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 4) Integer> offered,
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = 4) Integer> supported,
      @ForAll long seed) {
    List<String> offer = offered.stream().distinct().map(UNIVERSE::get).toList();
    List<String> support = supported.stream().distinct().map(UNIVERSE::get).toList();
    Random random = new Random(seed);
    MultistreamNegotiation dialer = MultistreamNegotiation.dialer(offer);
    MultistreamNegotiation listener = MultistreamNegotiation.listener(support);
    ByteBuf toListener = Unpooled.buffer();
    ByteBuf toDialer = Unpooled.buffer();
    ByteBuf atListener = Unpooled.buffer();
    ByteBuf atDialer = Unpooled.buffer();
    toListener.writeBytes(dialer.start().toSend());
    listener.start();
    for (int round = 0; round < 1000 && dialer.status() == Status.NEGOTIATING; round++) {
      move(toListener, atListener, random);
      if (listener.status() == Status.NEGOTIATING && atListener.isReadable()) {
        toDialer.writeBytes(listener.receive(atListener).toSend());
      }
      move(toDialer, atDialer, random);
      if (atDialer.isReadable()) {
        toListener.writeBytes(dialer.receive(atDialer).toSend());
      }
    }
    String expected = offer.stream().filter(support::contains).findFirst().orElse(null);
    if (expected == null) {
      assertThat(dialer.failure()).get().isInstanceOf(NoCommonProtocolException.class);
    } else {
      assertThat(dialer.selectedProtocol()).contains(expected);
      assertThat(listener.selectedProtocol()).contains(expected);
      assertThat(atDialer.isReadable()).isFalse();
      assertThat(atListener.isReadable()).isFalse();
    }
  }

  private static void move(ByteBuf from, ByteBuf to, Random random) {
    int n = Math.min(from.readableBytes(), random.nextInt(12));
    to.writeBytes(from, n);
    from.discardReadBytes();
  }
}
