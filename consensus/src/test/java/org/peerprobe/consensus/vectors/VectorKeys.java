package org.peerprobe.consensus.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peerprobe.consensus.canonical.CanonicalJson;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.crypto.PeerIds;
import org.peerprobe.consensus.crypto.Sha256;

/** The named keys of the vectors: fixed seeds, so any language can derive the same key pairs. */
final class VectorKeys {
  static final HexFormat HEX = HexFormat.of();

  /** Observer a: seed 00 01 … 1f (the js-libp2p seed used in PeerIdsTest). */
  static final String OBSERVER_A = "observer-a";

  /** Observer b: the Ed25519 seed of the libp2p peer-ids spec. */
  static final String OBSERVER_B = "observer-b";

  static final String OBSERVER_C = "observer-c";
  static final String OPERATOR = "operator";
  static final String SIGNER = "signer";
  static final String STANDBY_SIGNER = "standby-signer";

  private static final Map<String, String> SEED_ORIGIN = new LinkedHashMap<>();
  private static final Map<String, byte[]> SEEDS = new LinkedHashMap<>();

  static {
    byte[] counting = new byte[32];
    for (int i = 0; i < 32; i++) {
      counting[i] = (byte) i;
    }
    put(OBSERVER_A, counting, "bytes 0x00, 0x01, ..., 0x1f");
    put(
        OBSERVER_B,
        HEX.parseHex("7e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"),
        "the Ed25519 example of the libp2p peer-ids spec");
    putTestKey(OBSERVER_C, 2);
    putTestKey(OPERATOR, -1);
    putTestKey(SIGNER, -2);
    putTestKey(STANDBY_SIGNER, -3);
  }

  private VectorKeys() {}

  private static void put(String name, byte[] seed, String origin) {
    SEEDS.put(name, seed);
    SEED_ORIGIN.put(name, origin);
  }

  /** The seeds of the shared fixture TestKeys.key(i). */
  private static void putTestKey(String name, int i) {
    String text = "peerprobe-test-key-" + i;
    put(name, Sha256.digest(text.getBytes(StandardCharsets.UTF_8)), "SHA-256(\"" + text + "\")");
  }

  static Ed25519KeyPair key(String name) {
    byte[] seed = SEEDS.get(name);
    if (seed == null) {
      throw new IllegalArgumentException("no vector key " + name);
    }
    return Ed25519KeyPair.fromSeed(seed);
  }

  /** Name of the key whose public key is {@code hex}. */
  static String nameOf(String publicKeyHex) {
    for (String name : SEEDS.keySet()) {
      if (key(name).publicKey().hex().equals(publicKeyHex)) {
        return name;
      }
    }
    throw new IllegalArgumentException("not a vector key: " + publicKeyHex);
  }

  static ArrayNode toJson() {
    ArrayNode out = CanonicalJson.NODES.arrayNode();
    for (Map.Entry<String, byte[]> e : SEEDS.entrySet()) {
      Ed25519KeyPair k = Ed25519KeyPair.fromSeed(e.getValue());
      ObjectNode o = out.addObject();
      o.put("name", e.getKey());
      o.put("seed", HEX.formatHex(e.getValue()));
      o.put("seedOrigin", SEED_ORIGIN.get(e.getKey()));
      o.put("publicKey", k.publicKey().hex());
      o.put("protobufPublicKey", HEX.formatHex(PeerIds.protobufPublicKey(k.publicKey())));
      o.put("multihash", HEX.formatHex(PeerIds.multihash(k.publicKey())));
      o.put("peerId", PeerIds.toBase58(k.publicKey()));
      o.put("peerIdCid", PeerIds.toCid(k.publicKey()));
    }
    return out;
  }
}
