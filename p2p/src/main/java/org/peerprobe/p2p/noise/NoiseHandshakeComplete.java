package org.peerprobe.p2p.noise;

import java.util.Objects;
import org.peerprobe.p2p.core.PeerId;

/**
 * User event fired by {@link NoiseHandshakeHandler} through the pipeline once the Noise handshake
 * has authenticated the peer. When it arrives, the {@link NoiseTransportCodec} is already in the
 * pipeline (named {@link NoiseHandshakeHandler#TRANSPORT_CODEC_NAME}), so the next protocol
 * (multistream-select for yamux) can be installed and can write; decrypted bytes that came with the
 * last handshake message are delivered only after this event.
 *
 * @param remotePeerId the peer proven by its identity signature
 */
public record NoiseHandshakeComplete(PeerId remotePeerId) {
  public NoiseHandshakeComplete {
    Objects.requireNonNull(remotePeerId);
  }
}
