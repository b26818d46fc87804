package org.peerprobe.p2p.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fuzz targets' invariants under jqwik, in every suite run: random bytes, truncations of the
 * valid seeds (real js, handshake and frame encodings) and valid seeds with a few bytes changed.
 * Each target throws on a broken invariant: an exception other than BadPeerException out of a
 * decoder, one escaping a handler, a leaked buffer, an allocation beyond the input or a limit.
 */
class DecoderPropertyTest {
  private static final int TRIES = 120;

  /** The generated seed corpus, computed once (it runs a Noise handshake). */
  private static final Map<String, Map<String, byte[]>> SEEDS = SeedCorpus.all();

  @Property(tries = TRIES)
  void multistreamEngine(@ForAll("multistream") byte[] input) {
    MultistreamFuzzTest.negotiate(input);
  }

  @Property(tries = TRIES)
  void multistreamHandler(@ForAll("multistream") byte[] input) {
    MultistreamFuzzTest.onChannel(input);
  }

  @Property(tries = TRIES)
  void noisePayload(@ForAll("noisePayload") byte[] input) {
    NoiseFuzzTest.payload(input);
  }

  @Property(tries = TRIES)
  void noiseResponder(@ForAll("noiseResponder") byte[] input) {
    NoiseFuzzTest.respond(input);
  }

  @Property(tries = TRIES)
  void noiseHandshakeHandler(@ForAll("noiseHandler") byte[] input) {
    NoiseFuzzTest.handshakeOnChannel(input);
  }

  @Property(tries = TRIES)
  void noiseTransport(@ForAll("noiseTransport") byte[] input) {
    NoiseFuzzTest.transport(input);
  }

  @Property(tries = TRIES)
  void yamuxSession(@ForAll("yamux") byte[] input) {
    YamuxFuzzTest.run(input);
  }

  @Property(tries = TRIES)
  void gossipRpc(@ForAll("rpc") byte[] input) {
    GossipFuzzTest.decode(input);
  }

  @Property(tries = TRIES / 2)
  void gossipRouter(@ForAll("router") byte[] input) {
    GossipFuzzTest.route(input);
  }

  @Property(tries = TRIES)
  void identify(@ForAll("identify") byte[] input) {
    StreamFuzzTest.identifyMessage(input);
  }

  @Property(tries = TRIES)
  void lengthPrefixedReader(@ForAll("reader") byte[] input) {
    StreamFuzzTest.read(input);
  }

  @Provide
  Arbitrary<byte[]> multistream() {
    return around(MultistreamFuzzTest.class, "negotiation");
  }

  @Provide
  Arbitrary<byte[]> noisePayload() {
    return around(NoiseFuzzTest.class, "handshakePayload");
  }

  @Provide
  Arbitrary<byte[]> noiseResponder() {
    return around(NoiseFuzzTest.class, "responder");
  }

  @Provide
  Arbitrary<byte[]> noiseHandler() {
    return around(NoiseFuzzTest.class, "handshakeHandler");
  }

  @Provide
  Arbitrary<byte[]> noiseTransport() {
    return around(NoiseFuzzTest.class, "transportCodec");
  }

  @Provide
  Arbitrary<byte[]> yamux() {
    return around(YamuxFuzzTest.class, "session");
  }

  @Provide
  Arbitrary<byte[]> rpc() {
    return around(GossipFuzzTest.class, "rpcDecode");
  }

  @Provide
  Arbitrary<byte[]> router() {
    return around(GossipFuzzTest.class, "routerFrames");
  }

  @Provide
  Arbitrary<byte[]> identify() {
    return around(StreamFuzzTest.class, "identify");
  }

  @Provide
  Arbitrary<byte[]> reader() {
    return around(StreamFuzzTest.class, "lengthPrefixedReader");
  }

  /** Random bytes, truncated valid seeds and valid seeds with up to four bytes replaced. */
  private static Arbitrary<byte[]> around(Class<?> fuzzTest, String method) {
    List<byte[]> valid =
        SEEDS.get(SeedCorpus.dir(fuzzTest, method)).entrySet().stream()
            .filter(e -> e.getKey().startsWith("valid-"))
            .map(Map.Entry::getValue)
            .toList();
    Arbitrary<byte[]> seed = Arbitraries.of(valid);
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    Arbitrary<byte[]> truncated =
        Combinators.combine(seed, Arbitraries.doubles().between(0, 1))
            .as((s, f) -> Arrays.copyOf(s, (int) (s.length * f)));
    Arbitrary<byte[]> mutated =
        Combinators.combine(
                seed,
                Arbitraries.integers()
                    .between(0, Integer.MAX_VALUE)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(4),
                Arbitraries.bytes().list().ofSize(4))
            .as(DecoderPropertyTest::mutate);
    return Arbitraries.oneOf(random, truncated, mutated);
  }

  private static byte[] mutate(byte[] seed, List<Integer> positions, List<Byte> values) {
    byte[] out = seed.clone();
    for (int i = 0; i < positions.size() && out.length > 0; i++) {
      out[positions.get(i) % out.length] = values.get(i);
    }
    return out;
  }
}
