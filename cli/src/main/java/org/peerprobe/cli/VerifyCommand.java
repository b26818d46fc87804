package org.peerprobe.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.crypto.PeerIds;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.consensus.evidence.EvidenceResult;
import org.peerprobe.consensus.evidence.EvidenceVerifier;
import org.peerprobe.consensus.validation.Rejection;
import org.peerprobe.consensus.validation.Validated;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerprobe verify <feed URL | evidence file> --operator <peerId>}: re-verifies a decision
 * or a certificate offline from its evidence file (docs/protocol.md §12), trusting only the
 * operator key. Exit 0 and one {@code valid: …} line; 1 and one {@code invalid: …} line naming the
 * item and the reason; 2 when the evidence could not be read (usage, file, network).
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Re-verify a decision or a certificate from its evidence file, trusting only the operator's"
          + " key: every signature, roster membership, the quorum policy, the decision chain from"
          + " seq 1 and the failover rules.",
      "SOURCE is a file, or a feed URL http(s)://HOST/v1/decisions/ID or"
          + " http(s)://HOST/v1/certificates/ID (with or without /evidence), whose ID the evidence"
          + " must be of.",
      "Exit status: 0 valid, 1 invalid (the reason is printed), 2 the evidence could not be read."
    })
final class VerifyCommand implements Callable<Integer> {
  /** The evidence could not be read: picocli's own usage-error status. */
  static final int UNREADABLE = 2;

  @Parameters(paramLabel = "SOURCE", description = "evidence file, or feed URL")
  String source;

  @Option(
      names = "--operator",
      required = true,
      paramLabel = "PEER_ID",
      converter = OperatorKey.class,
      description = "the operator's PeerId (12D3KooW... or bafz...) or public key hex")
  Ed25519PublicKey operator;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "the decision or certificate id the evidence must be of (a URL names it)")
  String id;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "longest a fetch may take, body included (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Spec CommandLine.Model.CommandSpec spec;

  /** Parses the operator option: a PeerId or a public key. */
  static final class OperatorKey implements CommandLine.ITypeConverter<Ed25519PublicKey> {
    @Override
    public Ed25519PublicKey convert(String value) {
      Optional<Ed25519PublicKey> hex = Ed25519PublicKey.parseHex(value);
      if (hex.isPresent()) {
        return hex.get();
      }
      try {
        return PeerIds.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is neither a PeerId nor a public key: " + e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EvidenceSource from;
    EvidenceSource.Read read;
    try {
      from = EvidenceSource.parse(source);
      if (id != null && from.id().isPresent() && !from.id().get().equals(id)) {
        throw new EvidenceSource.FetchException("--id " + id + " differs from the URL's id");
      }
      read = from.read(timeout);
    } catch (EvidenceSource.FetchException e) {
      spec.commandLine().getErr().println("verify: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return UNREADABLE;
    }
    EvidenceResult result =
        read instanceof EvidenceSource.Read.Bytes b
            ? verify(b.bytes(), from.id().or(this::givenId))
            : new EvidenceResult.Invalid(
                Rejection.TOO_LARGE,
                "evidence",
                "more than the limit of " + EvidenceFile.MAX_ENCODED_BYTES + " bytes");
    out.println(result.line());
    out.flush();
    return result instanceof EvidenceResult.Valid ? 0 : Failures.INVALID_INPUT;
  }

  private Optional<String> givenId() {
    return Optional.ofNullable(id);
  }

  private EvidenceResult verify(byte[] bytes, Optional<String> expectedId) {
    Validated<EvidenceFile> decoded = EvidenceFile.decode(bytes);
    if (decoded instanceof Validated.Invalid<EvidenceFile> bad) {
      return new EvidenceResult.Invalid(bad.rejection(), "evidence", bad.detail());
    }
    return EvidenceVerifier.verify(decoded.orElseThrow(), operator, expectedId);
  }
}
