package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a probe may connect to. Literals only: nothing here touches DNS. */
class AddressPolicyTest {
  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal is parsed, never looked up
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "127.0.0.1",
        "127.255.0.9",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.7",
        "198.18.0.1",
        "198.51.100.7",
        "203.0.113.7",
        "::",
        "::1",
        "fe80::1",
        "fec0::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "2001:db8::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "::127.0.0.1",
        "100::1",
      })
  void nonPublicAddressesAreRefused(String literal) {
    assertThat(AddressPolicy.refusal(ip(literal))).isPresent();
    assertThat(new AddressPolicy(false).firstAllowed(List.of(ip(literal)))).isEmpty();
    assertThat(new AddressPolicy(true).firstAllowed(List.of(ip(literal)))).contains(ip(literal));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.1.1.1",
        "8.8.8.8",
        "172.32.0.1",
        "100.128.0.1",
        "192.169.0.1",
        "2606:4700:4700::1111",
        "2a01:4f8::1",
        "64:ff9b::808:808",
        "::ffff:8.8.8.8",
      })
  void publicAddressesAreAllowed(String literal) {
    assertThat(AddressPolicy.refusal(ip(literal))).isEmpty();
  }

  @Test
  void firstPublicAddressIsChosenInResolverOrder() {
    AddressPolicy strict = new AddressPolicy(false);

    assertThat(strict.firstAllowed(List.of(ip("10.0.0.1"), ip("1.1.1.1"), ip("8.8.8.8"))))
        .contains(ip("1.1.1.1"));
    assertThat(new AddressPolicy(true).firstAllowed(List.of(ip("10.0.0.1"), ip("1.1.1.1"))))
        .contains(ip("10.0.0.1"));
    assertThat(AddressPolicy.refusal(ip("127.0.0.1"))).contains("loopback");
    assertThat(AddressPolicy.refusal(ip("169.254.1.1"))).contains("link-local");
  }
}
