package org.peerprobe.consensus.model;

import java.util.regex.Pattern;

/** Shapes of the names that appear in signed data. */
public final class Ids {
  /** Network ids, front ids and router names: lowercase DNS-label-like, 1..63 characters. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  public static final String NAME_DESCRIPTION =
      "1..63 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit";

  /** An observer's declared network, e.g. {@code AS3320}: 1..64 visible ASCII characters. */
  public static final Pattern NETWORK_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

  public static final String NETWORK_LABEL_DESCRIPTION =
      "1..64 characters of A-Z, a-z, 0-9, '.', '_', ':', '/', '-' (e.g. AS3320)";

  /** A DNS provider's id in a signer's configuration, e.g. {@code desec}: 1..63 characters. */
  public static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public static final String PROVIDER_DESCRIPTION =
      "1..63 characters of A-Z, a-z, 0-9, '.', '_', '-', starting with a letter or digit";

  /**
   * An absolute, lowercase DNS name with its trailing dot, e.g. {@code www.example.com.}: labels of
   * 1..63 characters of a-z, 0-9, '_', '-', at most 254 characters in all.
   */
  public static final Pattern DNS_NAME =
      Pattern.compile("(?=.{2,254}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)+");

  public static final String DNS_NAME_DESCRIPTION =
      "an absolute lowercase DNS name ending in '.', at most 254 characters";

  /** An operator's free-text label for an observer: 1..64 characters. */
  public static final int MAX_LABEL_CHARS = 64;

  private Ids() {}

  static String requireName(String value, String what) {
    return require(value, NAME, what, NAME_DESCRIPTION);
  }

  static String require(String value, Pattern pattern, String what, String description) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be " + description + ": " + value);
    }
    return value;
  }
}
