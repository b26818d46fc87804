package org.peerprobe.p2p.noise;

import java.util.Objects;
import org.peerprobe.p2p.core.P2PException;

/**
 * User event fired by {@link NoiseHandshakeHandler} through the pipeline when the handshake fails
 * (bad message, bad signature, wrong PeerId, timeout, connection lost), just before it closes the
 * channel; lets a dialer fail its connect future with the reason.
 *
 * @param cause a {@link org.peerprobe.p2p.core.BadPeerException} for peer faults, otherwise an
 *     {@link org.peerprobe.p2p.core.InternalErrorException}
 */
public record NoiseHandshakeFailed(P2PException cause) {
  public NoiseHandshakeFailed {
    Objects.requireNonNull(cause);
  }
}
