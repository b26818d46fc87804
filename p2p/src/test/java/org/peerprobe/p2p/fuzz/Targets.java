package org.peerprobe.p2p.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every fuzz target as a function of its input that checks the invariants (throwing on a finding)
 * and says whether the input was accepted: decoded, negotiated, authenticated or carried through
 * with the connection still up. Keyed by the target's seed directory.
 */
final class Targets {
  private Targets() {}

  static final Map<String, Predicate<byte[]>> ALL = build();

  private static Map<String, Predicate<byte[]>> build() {
    Map<String, Predicate<byte[]>> m = new LinkedHashMap<>();
    m.put(SeedCorpus.dir(MultistreamFuzzTest.class, "negotiation"), MultistreamFuzzTest::negotiate);
    m.put(SeedCorpus.dir(MultistreamFuzzTest.class, "handler"), MultistreamFuzzTest::onChannel);
    m.put(SeedCorpus.dir(NoiseFuzzTest.class, "handshakePayload"), NoiseFuzzTest::payload);
    m.put(SeedCorpus.dir(NoiseFuzzTest.class, "responder"), NoiseFuzzTest::respond);
    m.put(
        SeedCorpus.dir(NoiseFuzzTest.class, "handshakeHandler"), NoiseFuzzTest::handshakeOnChannel);
    m.put(SeedCorpus.dir(NoiseFuzzTest.class, "transportCodec"), NoiseFuzzTest::transport);
    m.put(SeedCorpus.dir(YamuxFuzzTest.class, "session"), YamuxFuzzTest::run);
    m.put(SeedCorpus.dir(GossipFuzzTest.class, "rpcDecode"), GossipFuzzTest::decode);
    m.put(SeedCorpus.dir(GossipFuzzTest.class, "routerFrames"), GossipFuzzTest::route);
    m.put(SeedCorpus.dir(StreamFuzzTest.class, "identify"), StreamFuzzTest::identifyMessage);
    m.put(SeedCorpus.dir(StreamFuzzTest.class, "lengthPrefixedReader"), StreamFuzzTest::read);
    return m;
  }
}
