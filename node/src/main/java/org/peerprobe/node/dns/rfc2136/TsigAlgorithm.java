package org.peerprobe.node.dns.rfc2136;

import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The TSIG HMACs accepted for signing updates (RFC 8945); MD5 and SHA-1 are deliberately absent.
 */
public enum TsigAlgorithm {
  HMAC_SHA256(TSIG.HMAC_SHA256),
  HMAC_SHA384(TSIG.HMAC_SHA384),
  HMAC_SHA512(TSIG.HMAC_SHA512);

  private final Name dnsName;

  TsigAlgorithm(Name dnsName) {
    this.dnsName = dnsName;
  }

  /** The algorithm's name in TSIG records, e.g. {@code hmac-sha256.}. */
  public Name dnsName() {
    return dnsName;
  }

  /** Parses BIND's spelling ({@code hmac-sha256}), case-insensitively. */
  public static TsigAlgorithm parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (TsigAlgorithm a : values()) {
      if (a.toString().equals(t)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "TSIG algorithm must be hmac-sha256, hmac-sha384 or hmac-sha512, was '" + text + "'");
  }

  /** BIND's spelling, e.g. {@code hmac-sha256}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
