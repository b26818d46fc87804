package org.peerprobe.node.dns.rfc2136;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.peerprobe.node.dns.ProviderException;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.WireParseException;

/**
 * Turns what came back from the server (an rcode, a TSIG error, an I/O failure) into the {@link
 * ProviderException} that says whose fault it is. Messages name the provider, the server, the key
 * name and where the secret came from, never the secret.
 *
 * <ul>
 *   <li>NOTAUTH, REFUSED, or a TSIG error (BADSIG, BADKEY, BADTIME): {@link
 *       ProviderException.AuthFailed} — the key, or the server's policy for it, is wrong;
 *   <li>a reply to a signed message that does not verify: {@link ProviderException.AuthFailed};
 *   <li>SERVFAIL, no answer within the timeout, connection refused or lost, a malformed reply:
 *       {@link ProviderException.Unavailable};
 *   <li>NOTZONE, FORMERR, NOTIMP and anything else: {@link ProviderException.Rejected}.
 * </ul>
 *
 * Failed prerequisites (NXRRSET, YXRRSET, NXDOMAIN, YXDOMAIN on an update) are left to the
 * provider, which reads the zone to say which precondition failed.
 */
final class Rfc2136Failures {
  /** How deep a cause chain is searched for the I/O failure. */
  private static final int MAX_CAUSE_DEPTH = 8;

  private final Rfc2136Config config;

  Rfc2136Failures(Rfc2136Config config) {
    this.config = config;
  }

  /** True for the rcodes RFC 2136 3.2 returns when a prerequisite does not hold. */
  static boolean isPrerequisiteFailure(int rcode) {
    return rcode == Rcode.NXRRSET
        || rcode == Rcode.YXRRSET
        || rcode == Rcode.NXDOMAIN
        || rcode == Rcode.YXDOMAIN;
  }

  /** The failure for a reply whose rcode is not success (nor, for an update, a prerequisite). */
  ProviderException refused(String what, Message reply) {
    int rcode = reply.getRcode();
    TSIGRecord tsig = reply.getTSIG();
    int tsigError = tsig == null ? Rcode.NOERROR : tsig.getError();
    String said = server() + " answered " + Rcode.string(rcode);
    if (tsigError != Rcode.NOERROR) {
      said += " (TSIG " + Rcode.TSIGstring(tsigError) + ")";
    }
    if (tsigError == Rcode.BADTIME) {
      return new ProviderException.AuthFailed(
          config.id(),
          what + ": " + said + ": this host's clock and the server's differ by more than 5 min");
    }
    if (tsigError != Rcode.NOERROR || rcode == Rcode.NOTAUTH) {
      return new ProviderException.AuthFailed(
          config.id(),
          what
              + ": "
              + said
              + ": the server does not accept "
              + key()
              + "; check the key's name, algorithm and secret against its key statement");
    }
    if (rcode == Rcode.REFUSED) {
      return new ProviderException.AuthFailed(
          config.id(),
          what
              + ": "
              + said
              + ": the server does not let "
              + key()
              + " do this in zone "
              + config.zone()
              + " (its update-policy/allow-update), or it is not the zone's primary");
    }
    if (rcode == Rcode.SERVFAIL) {
      return new ProviderException.Unavailable(
          config.id(), what + ": " + said + " (server failure; see its log)", null);
    }
    if (rcode == Rcode.NOTZONE) {
      return new ProviderException.Rejected(
          config.id(),
          what + ": " + said + ": the server is not authoritative for " + config.zone());
    }
    return new ProviderException.Rejected(config.id(), what + ": " + said);
  }

  /** The failure for a reply that is not signed by the key (its rcode says success). */
  ProviderException unverified(String what, Message reply) {
    TSIGRecord tsig = reply.getTSIG();
    return new ProviderException.AuthFailed(
        config.id(),
        what
            + ": the reply from "
            + server()
            + " ("
            + Rcode.string(reply.getRcode())
            + ") is "
            + (tsig == null ? "not signed" : "not validly signed")
            + " by "
            + key()
            + "; it cannot be trusted (for an update: it may have been applied)");
  }

  /** The failure for an exchange that got no usable reply. */
  ProviderException transport(String what, Throwable error) {
    Throwable cause = error;
    for (int i = 0; i < MAX_CAUSE_DEPTH && isWrapper(cause) && cause.getCause() != null; i++) {
      cause = cause.getCause();
    }
    if (cause instanceof ProviderException p) {
      return p;
    }
    String why;
    if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
      why = "no answer from " + server() + " within " + config.timeout().toMillis() + " ms";
    } else if (cause instanceof ConnectException) {
      why = "cannot connect to " + server() + " (" + cause.getMessage() + ")";
    } else if (cause instanceof EOFException) {
      why = "connection to " + server() + " closed before the answer";
    } else if (cause instanceof WireParseException) {
      why = "malformed reply from " + server() + ": " + cause.getMessage();
    } else if (cause instanceof IOException) {
      why = "I/O with " + server() + " failed: " + cause;
    } else {
      why = "exchange with " + server() + " failed: " + cause;
    }
    return new ProviderException.Unavailable(config.id(), what + ": " + why, cause);
  }

  /**
   * True when {@code error} is a connection lost on a reused TCP connection (the server closed it
   * while idle), after which the same query on a fresh connection normally succeeds.
   */
  static boolean isStaleConnection(Throwable error) {
    Throwable cause = error;
    for (int i = 0; i < MAX_CAUSE_DEPTH && isWrapper(cause) && cause.getCause() != null; i++) {
      cause = cause.getCause();
    }
    return cause instanceof IOException
        && !(cause instanceof ConnectException)
        && !(cause instanceof SocketTimeoutException)
        && !(cause instanceof WireParseException);
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof CompletionException || t instanceof ExecutionException;
  }

  private String server() {
    return config.server().toString();
  }

  private String key() {
    return "TSIG key "
        + config.keyName()
        + " ("
        + config.algorithm()
        + ", secret from "
        + config.secret().origin()
        + ")";
  }
}
