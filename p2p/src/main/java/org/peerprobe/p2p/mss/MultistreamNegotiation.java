package org.peerprobe.p2p.mss;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.peerprobe.p2p.core.BadPeerException;
import org.peerprobe.p2p.core.LimitExceededException;
import org.peerprobe.p2p.core.P2PException;
import org.peerprobe.p2p.stream.LengthPrefix;

/**
 * multistream-select 1.0 ({@value #PROTOCOL_ID}) as an engine that does no I/O: the caller feeds it
 * received bytes and sends the bytes it returns. One instance negotiates one channel or stream.
 *
 * <p>Wire: each message is {@code uvarint(len) ‖ UTF-8 text ‖ '\n'}, {@code len} counting the
 * newline. Both roles behave like js-libp2p 3.x (@libp2p/multistream-select):
 *
 * <ul>
 *   <li><b>Dialer</b> ({@link #dialer}): {@link #start()} returns the header and the first protocol
 *       together; it expects the header back, then the echo of that protocol or {@code na}, after
 *       which it offers the next protocol alone.
 *   <li><b>Listener</b> ({@link #listener}): {@link #start()} returns nothing; it answers the
 *       dialer's header with its own, echoes a supported protocol, answers {@code na} to an unknown
 *       one and lists its protocols on {@code ls}.
 * </ul>
 *
 * <p>{@link #receive(ByteBuf)} reads every complete message in its argument (a read may carry
 * several, or a part of one) and stops at the message that selects a protocol: <b>bytes after it
 * stay unread in the buffer</b> and belong to the selected protocol. Peer faults come back as a
 * {@link Status#FAILED} step with the exception, never as a throw.
 *
 * <p>Limits, checked before any allocation: a message body has at most {@value #MAX_MESSAGE_BYTES}
 * bytes including its newline (as js and go), so a protocol id has at most {@value
 * #MAX_PROTOCOL_ID_BYTES}; a listener answers at most {@value #MAX_LISTENER_REQUESTS} proposals.
 * Not thread-safe: use from one thread (the channel's event loop).
 */
public final class MultistreamNegotiation {
  /** The multistream-select 1.0 header. */
  public static final String PROTOCOL_ID = "/multistream/1.0.0";

  /** The listener's "not available" answer. */
  public static final String NA = "na";

  /** The dialer's request to list the listener's protocols. */
  public static final String LS = "ls";

  /** Largest message body (protocol id plus its newline) accepted or sent, as js and go. */
  public static final int MAX_MESSAGE_BYTES = 1024;

  /** Largest protocol id in UTF-8 bytes. */
  public static final int MAX_PROTOCOL_ID_BYTES = MAX_MESSAGE_BYTES - 1;

  /** Proposals (protocol ids and {@code ls}) a listener answers before it gives up. */
  public static final int MAX_LISTENER_REQUESTS = 64;

  /** Which side of the negotiation this engine plays. */
  public enum Role {
    DIALER,
    LISTENER
  }

  /** Where the negotiation stands after a step. */
  public enum Status {
    NEGOTIATING,
    SELECTED,
    FAILED
  }

  /**
   * The outcome of {@link #start()} or {@link #receive(ByteBuf)}.
   *
   * @param toSend bytes to send to the peer now, possibly none; on SELECTED they must go out before
   *     anything the selected protocol writes
   * @param protocol the selected protocol when {@code status == SELECTED}, else {@code null}
   * @param failure why the negotiation failed when {@code status == FAILED}, else {@code null}:
   *     {@link BadPeerException} (incl. {@link LimitExceededException}) or {@link
   *     NoCommonProtocolException}
   */
  public record Step(Status status, byte[] toSend, String protocol, P2PException failure) {
    public boolean hasOutput() {
      return toSend.length > 0;
    }
  }

  private enum State {
    NEW,
    AWAIT_HEADER,
    AWAIT_ANSWER,
    AWAIT_PROPOSAL,
    SELECTED,
    FAILED
  }

  private static final byte[] NONE = new byte[0];

  private final Role role;
  private final List<String> protocols;
  private final Set<String> supported;
  private State state = State.NEW;
  private int offered;
  private int requests;
  private String selected;
  private P2PException failure;

  private MultistreamNegotiation(Role role, List<String> protocols) {
    this.role = role;
    this.protocols = List.copyOf(protocols);
    this.supported = new LinkedHashSet<>(this.protocols);
  }

  /**
   * A dialer offering {@code protocols} in order of preference.
   *
   * @throws IllegalArgumentException for an empty list or an id that cannot be sent
   */
  public static MultistreamNegotiation dialer(List<String> protocols) {
    return new MultistreamNegotiation(Role.DIALER, checkIds(protocols));
  }

  /**
   * A listener accepting any of {@code protocols} ({@code ls} lists them in this order).
   *
   * @throws IllegalArgumentException for an empty collection or an id that cannot be sent
   */
  public static MultistreamNegotiation listener(Iterable<String> protocols) {
    List<String> list = new ArrayList<>();
    protocols.forEach(list::add);
    return new MultistreamNegotiation(Role.LISTENER, checkIds(list));
  }

  public Role role() {
    return role;
  }

  public Status status() {
    return switch (state) {
      case SELECTED -> Status.SELECTED;
      case FAILED -> Status.FAILED;
      default -> Status.NEGOTIATING;
    };
  }

  public Optional<String> selectedProtocol() {
    return Optional.ofNullable(selected);
  }

  public Optional<P2PException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Begins: the dialer's header and first proposal in one piece (js expects them together); empty
   * for a listener, which speaks only after the dialer's header arrived. Call once, first.
   */
  public Step start() {
    if (state != State.NEW) {
      throw new IllegalStateException("start() called twice");
    }
    state = State.AWAIT_HEADER;
    if (role == Role.LISTENER) {
      return new Step(Status.NEGOTIATING, NONE, null, null);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeMessage(out, PROTOCOL_ID);
    writeMessage(out, protocols.get(0));
    return new Step(Status.NEGOTIATING, out.toByteArray(), null, null);
  }

  /**
   * Consumes every complete message in {@code in} (advancing its reader index past them) up to and
   * including the one that decides the negotiation; an incomplete trailing message is left unread
   * for the next call. Does not take ownership of {@code in}.
   *
   * @throws IllegalStateException before {@link #start()} or after the negotiation ended
   */
  public Step receive(ByteBuf in) {
    if (state == State.NEW) {
      throw new IllegalStateException("receive() before start()");
    }
    if (state == State.SELECTED || state == State.FAILED) {
      throw new IllegalStateException("negotiation already " + status());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      String msg;
      while (state != State.SELECTED && (msg = readMessage(in)) != null) {
        onMessage(msg, out);
      }
    } catch (P2PException e) {
      state = State.FAILED;
      failure = e;
      return new Step(Status.FAILED, out.toByteArray(), null, e);
    }
    return new Step(status(), out.toByteArray(), selected, null);
  }

  private void onMessage(String msg, ByteArrayOutputStream out) {
    switch (state) {
      case AWAIT_HEADER -> {
        if (!msg.equals(PROTOCOL_ID)) {
          throw new BadPeerException("expected the multistream header, got " + quote(msg));
        }
        if (role == Role.LISTENER) {
          writeMessage(out, PROTOCOL_ID);
          state = State.AWAIT_PROPOSAL;
        } else {
          state = State.AWAIT_ANSWER;
        }
      }
      case AWAIT_ANSWER -> {
        String proposal = protocols.get(offered);
        if (msg.equals(proposal)) {
          select(proposal);
        } else if (msg.equals(NA)) {
          if (++offered == protocols.size()) {
            throw new NoCommonProtocolException(protocols);
          }
          writeMessage(out, protocols.get(offered));
        } else {
          throw new BadPeerException(
              "answer to " + quote(proposal) + " was neither an echo nor na: " + quote(msg));
        }
      }
      case AWAIT_PROPOSAL -> {
        if (++requests > MAX_LISTENER_REQUESTS) {
          throw new LimitExceededException(
              "multistream proposals", MAX_LISTENER_REQUESTS, requests);
        }
        if (supported.contains(msg)) {
          writeMessage(out, msg);
          select(msg);
        } else if (msg.equals(LS)) {
          writeListing(out);
        } else if (msg.equals(PROTOCOL_ID)) {
          throw new BadPeerException("repeated multistream header");
        } else {
          writeMessage(out, NA);
        }
      }
      default -> throw new IllegalStateException("unexpected state " + state);
    }
  }

  private void select(String protocol) {
    selected = protocol;
    state = State.SELECTED;
  }

  /** One message's text without its newline, or null when it is not complete in {@code in}. */
  private static String readMessage(ByteBuf in) {
    int len = LengthPrefix.peekBodyLength(in, MAX_MESSAGE_BYTES, "multistream message bytes");
    if (len == LengthPrefix.INCOMPLETE) {
      return null;
    }
    int prefix = LengthPrefix.prefixBytes(len);
    if (in.readableBytes() < prefix + len) {
      return null;
    }
    int body = in.readerIndex() + prefix;
    if (len == 0 || in.getByte(body + len - 1) != '\n') {
      throw new BadPeerException("multistream message does not end in a newline");
    }
    String text = in.toString(body, len - 1, StandardCharsets.UTF_8);
    in.skipBytes(prefix + len);
    return text;
  }

  private static void writeMessage(ByteArrayOutputStream out, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    writePrefix(out, utf8.length + 1);
    out.writeBytes(utf8);
    out.write('\n');
  }

  /**
   * The {@code ls} answer as js and go write it: one message whose body is every protocol framed as
   * a message of its own, followed by a newline.
   */
  private void writeListing(ByteArrayOutputStream out) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String p : protocols) {
      writeMessage(body, p);
    }
    body.write('\n');
    writePrefix(out, body.size());
    out.writeBytes(body.toByteArray());
  }

  private static void writePrefix(ByteArrayOutputStream out, int len) {
    int v = len;
    while (v >= 0x80) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  private static List<String> checkIds(List<String> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol is needed");
    }
    for (String p : protocols) {
      Objects.requireNonNull(p, "protocol id");
      int bytes = p.getBytes(StandardCharsets.UTF_8).length;
      if (bytes == 0 || bytes > MAX_PROTOCOL_ID_BYTES || p.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("unusable protocol id " + quote(p));
      }
      if (p.equals(PROTOCOL_ID) || p.equals(NA) || p.equals(LS)) {
        throw new IllegalArgumentException("reserved protocol id " + p);
      }
    }
    return protocols;
  }

  /** A peer-chosen string made safe for logs: quoted, control characters escaped, truncated. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    int max = 80;
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
    }
    if (s.length() > max) {
      sb.append("…");
    }
    return sb.append('"').toString();
  }
}
