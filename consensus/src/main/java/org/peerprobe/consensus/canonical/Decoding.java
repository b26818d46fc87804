package org.peerprobe.consensus.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;

/** Runs a strict reader over untrusted bytes and turns every failure into a typed result. */
public final class Decoding {
  private Decoding() {}

  /** Reads one value from a parsed tree. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(JsonNode node, String path);
  }

  /**
   * Parses {@code bytes} (at most {@code maxBytes}, checked before parsing) and reads them with
   * {@code reader}. Never throws for bad input.
   */
  public static <T> Validated<T> decode(byte[] bytes, int maxBytes, String what, Reader<T> reader) {
    if (bytes.length > maxBytes) {
      return Validated.invalid(
          Rejection.TOO_LARGE, what + " has " + bytes.length + " bytes, limit " + maxBytes);
    }
    try {
      return Validated.valid(reader.read(CanonicalJson.parse(bytes, maxBytes, what), what));
    } catch (DecodeException e) {
      return Validated.invalid(Rejection.MALFORMED, e.getMessage());
    } catch (IllegalArgumentException e) {
      return Validated.invalid(Rejection.MALFORMED, what + ": " + e.getMessage());
    }
  }

  /** Reads an already parsed tree. Never throws for bad input. */
  public static <T> Validated<T> read(JsonNode node, String what, Reader<T> reader) {
    try {
      return Validated.valid(reader.read(node, what));
    } catch (DecodeException e) {
      return Validated.invalid(Rejection.MALFORMED, e.getMessage());
    } catch (IllegalArgumentException e) {
      return Validated.invalid(Rejection.MALFORMED, what + ": " + e.getMessage());
    }
  }
}
