package org.peerprobe.p2p.identify;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.peerprobe.p2p.core.HostKey;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.Multiaddr;

/**
 * One identify message ({@code /ipfs/id/1.0.0}) as it travels: byte fields stay in their wire
 * encoding so addresses with protocols {@link Multiaddr} does not know are carried, not rejected.
 * An empty {@link ByteString} or string means the field is absent. {@code signedPeerRecord} (field
 * 8) is accepted on decoding and dropped. Immutable.
 *
 * @param publicKey the sender's protobuf-encoded {@code PublicKey}
 * @param listenAddrs binary multiaddrs the sender listens on
 * @param protocols protocol ids the sender handles, e.g. {@code /meshsub/1.1.0}
 * @param observedAddr the binary multiaddr the sender sees the receiver at
 */
public record Identify(
    ByteString publicKey,
    List<ByteString> listenAddrs,
    List<String> protocols,
    ByteString observedAddr,
    String protocolVersion,
    String agentVersion) {
  /** The identify protocol id. */
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";

  /** The protocol version libp2p implementations send. */
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** Our agent version. */
  public static final String AGENT_VERSION = "peerprobe/0.1.0";

  public Identify {
    Objects.requireNonNull(publicKey, "publicKey");
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
    Objects.requireNonNull(observedAddr, "observedAddr");
    Objects.requireNonNull(protocolVersion, "protocolVersion");
    Objects.requireNonNull(agentVersion, "agentVersion");
  }

  /**
   * The message a host sends about itself.
   *
   * @param observed where the receiving peer's connection comes from, if known
   */
  public static Identify of(
      HostKey key,
      List<Multiaddr> listenAddrs,
      List<String> protocols,
      Optional<Multiaddr> observed) {
    return new Identify(
        ByteString.copyFrom(key.publicKeyProtobuf()),
        listenAddrs.stream().map(a -> ByteString.copyFrom(a.toBytes())).toList(),
        protocols,
        observed.map(a -> ByteString.copyFrom(a.toBytes())).orElse(ByteString.EMPTY),
        PROTOCOL_VERSION,
        AGENT_VERSION);
  }

  /**
   * This message updated by a later one on the same stream, as js merges them: present scalar
   * fields of {@code later} win, address lists are concatenated, protocol lists united.
   *
   * @throws LimitExceededException when the lists outgrow {@link IdentifyCodec#MAX_LISTEN_ADDRS} or
   *     {@link IdentifyCodec#MAX_PROTOCOLS}
   */
  public Identify merge(Identify later) {
    List<ByteString> addrs = new ArrayList<>(listenAddrs);
    addrs.addAll(later.listenAddrs);
    LinkedHashSet<String> protos = new LinkedHashSet<>(protocols);
    protos.addAll(later.protocols);
    if (addrs.size() > IdentifyCodec.MAX_LISTEN_ADDRS) {
      throw new LimitExceededException(
          "identify listen addresses", IdentifyCodec.MAX_LISTEN_ADDRS, addrs.size());
    }
    if (protos.size() > IdentifyCodec.MAX_PROTOCOLS) {
      throw new LimitExceededException(
          "identify protocols", IdentifyCodec.MAX_PROTOCOLS, protos.size());
    }
    return new Identify(
        later.publicKey.isEmpty() ? publicKey : later.publicKey,
        addrs,
        new ArrayList<>(protos),
        later.observedAddr.isEmpty() ? observedAddr : later.observedAddr,
        later.protocolVersion.isEmpty() ? protocolVersion : later.protocolVersion,
        later.agentVersion.isEmpty() ? agentVersion : later.agentVersion);
  }
}
