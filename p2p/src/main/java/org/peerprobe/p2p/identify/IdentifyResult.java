package org.peerprobe.p2p.identify;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;
import org.peerprobe.p2p.core.Multiaddr;
import org.peerprobe.p2p.core.PeerId;

/**
 * What identify learned about a peer, checked against the connection: {@link #peer()} is the
 * authenticated remote peer, and the identify {@code publicKey} hashes to it.
 *
 * @param protocols the protocol ids the peer handles
 * @param listenAddrs its listen addresses that {@link Multiaddr} understands (others, e.g. {@code
 *     /ws} or {@code /quic-v1}, are in {@code message} only)
 * @param observedAddr where the peer sees us, when it sent an address {@link Multiaddr} understands
 * @param message the merged raw message
 */
public record IdentifyResult(
    PeerId peer,
    List<String> protocols,
    List<Multiaddr> listenAddrs,
    Optional<Multiaddr> observedAddr,
    String protocolVersion,
    String agentVersion,
    Identify message) {
  /** Keys whose protobuf is at most this long are inlined into the PeerId (identity multihash). */
  private static final int MAX_INLINE_KEY_BYTES = 42;

  public IdentifyResult {
    protocols = List.copyOf(protocols);
    listenAddrs = List.copyOf(listenAddrs);
  }

  /** True when the peer listed {@code protocolId}, e.g. {@code /meshsub/1.1.0}. */
  public boolean supports(String protocolId) {
    return protocols.contains(protocolId);
  }

  /**
   * Checks {@code message} against the connection's peer and extracts the usable parts.
   *
   * @throws BadPeerException when the public key is missing or belongs to another peer
   */
  public static IdentifyResult verify(PeerId remote, Identify message) {
    if (message.publicKey().isEmpty()) {
      throw new BadPeerException("identify message without a publicKey");
    }
    byte[] multihash = peerIdMultihash(message.publicKey());
    if (!MessageDigest.isEqual(multihash, remote.bytes())) {
      throw new BadPeerException("identify publicKey does not belong to " + remote);
    }
    List<Multiaddr> addrs = new ArrayList<>();
    for (ByteString a : message.listenAddrs()) {
      parse(a).ifPresent(addrs::add);
    }
    return new IdentifyResult(
        remote,
        message.protocols(),
        addrs,
        parse(message.observedAddr()),
        message.protocolVersion(),
        message.agentVersion(),
        message);
  }

  /** The PeerId multihash of a protobuf-encoded public key of any key type (peer-ids spec). */
  static byte[] peerIdMultihash(ByteString publicKey) {
    byte[] key = publicKey.toByteArray();
    if (key.length <= MAX_INLINE_KEY_BYTES) {
      byte[] mh = new byte[2 + key.length];
      mh[0] = 0x00;
      mh[1] = (byte) key.length;
      System.arraycopy(key, 0, mh, 2, key.length);
      return mh;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      byte[] mh = new byte[2 + digest.length];
      mh[0] = 0x12;
      mh[1] = 0x20;
      System.arraycopy(digest, 0, mh, 2, digest.length);
      return mh;
    } catch (NoSuchAlgorithmException e) {
      throw new InternalErrorException("SHA-256 unavailable", e);
    }
  }

  private static Optional<Multiaddr> parse(ByteString bytes) {
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Multiaddr.fromBytes(bytes.toByteArray()));
    } catch (BadPeerException e) {
      return Optional.empty();
    }
  }
}
