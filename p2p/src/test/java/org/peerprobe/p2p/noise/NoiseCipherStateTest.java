package org.peerprobe.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.InternalErrorException;

class NoiseCipherStateTest {
  private static final byte[] KEY =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  /** BouncyCastle's ChaCha20-Poly1305, an implementation independent of the JDK's one in use. */
  private static byte[] referenceEncrypt(byte[] nonce, byte[] ad, byte[] plaintext)
      throws Exception {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(true, new AEADParameters(new KeyParameter(KEY), 128, nonce, ad));
    byte[] out = new byte[plaintext.length + NoiseCipherState.TAG_BYTES];
    int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
    c.doFinal(out, n);
    return out;
  }

  @Test
  void nonceIsFourZeroBytesThenTheCounterLittleEndian() throws Exception {
    byte[] plaintext = "yamux frames".getBytes(StandardCharsets.US_ASCII);
    byte[] ad = {9, 8, 7};
    NoiseCipherState cs = new NoiseCipherState(KEY, 0x0102030405060708L);
    byte[] expectedNonce = HexFormat.of().parseHex("000000000807060504030201");
    assertThat(cs.encrypt(ad, plaintext)).isEqualTo(referenceEncrypt(expectedNonce, ad, plaintext));
    assertThat(cs.nonce()).isEqualTo(0x0102030405060709L);
  }

  @Test
  void countsFromZeroAndUsesEmptyAssociatedDataForNull() throws Exception {
    NoiseCipherState cs = new NoiseCipherState(KEY, 0);
    byte[] p = {1, 2, 3};
    assertThat(cs.encrypt(null, p)).isEqualTo(referenceEncrypt(new byte[12], new byte[0], p));
    byte[] n1 = new byte[12];
    n1[4] = 1;
    assertThat(cs.encrypt(null, p)).isEqualTo(referenceEncrypt(n1, new byte[0], p));
  }

  @Test
  void decryptsInOrderAndRejectsTamperingWithoutConsumingANonce() {
    NoiseCipherState send = new NoiseCipherState(KEY, 0);
    NoiseCipherState receive = new NoiseCipherState(KEY, 0);
    byte[] c0 = send.encrypt(null, new byte[] {1});
    byte[] c1 = send.encrypt(null, new byte[] {2});

    assertThatThrownBy(() -> receive.decrypt(null, c1, 0, c1.length))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("authentication");
    byte[] tampered = c0.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> receive.decrypt(null, tampered, 0, tampered.length))
        .isInstanceOf(BadPeerException.class);
    assertThat(receive.nonce()).isZero();

    assertThat(receive.decrypt(null, c0, 0, c0.length)).containsExactly(1);
    assertThat(receive.decrypt(null, c1, 0, c1.length)).containsExactly(2);
    assertThatThrownBy(() -> receive.decrypt(null, new byte[15], 0, 15))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("shorter than its tag");
  }

  @Test
  void refusesToUseTheReservedNonce() {
    NoiseCipherState send = new NoiseCipherState(KEY, NoiseCipherState.RESERVED_NONCE - 1);
    byte[] last = send.encrypt(null, new byte[] {7});
    assertThat(send.nonce()).isEqualTo(NoiseCipherState.RESERVED_NONCE);
    assertThatThrownBy(() -> send.encrypt(null, new byte[] {8}))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageContaining("exhausted");

    NoiseCipherState receive = new NoiseCipherState(KEY, NoiseCipherState.RESERVED_NONCE - 1);
    assertThat(receive.decrypt(null, last, 0, last.length)).containsExactly(7);
    assertThatThrownBy(() -> receive.decrypt(null, last, 0, last.length))
        .isInstanceOf(BadPeerException.class)
        .hasMessageContaining("exhausted");
  }
}
