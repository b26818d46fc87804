package org.peerprobe.consensus.vectors;

import static org.peerprobe.consensus.vectors.VectorKeys.OBSERVER_A;
import static org.peerprobe.consensus.vectors.VectorKeys.OBSERVER_B;
import static org.peerprobe.consensus.vectors.VectorKeys.OBSERVER_C;
import static org.peerprobe.consensus.vectors.VectorKeys.key;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.failover.FailbackMode;
import org.peerprobe.consensus.failover.FailoverMachine;
import org.peerprobe.consensus.failover.FailoverState;
import org.peerprobe.consensus.failover.RouterPolicy;
import org.peerprobe.consensus.failover.Step;
import org.peerprobe.consensus.model.FailureClass;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Observation;
import org.peerprobe.consensus.model.OperatorCommand;
import org.peerprobe.consensus.model.PhaseTimings;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.QuorumPolicy;
import org.peerprobe.consensus.model.Roster;
import org.peerprobe.consensus.model.RoundReport;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.consensus.model.SignedOperatorCommand;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.SignedRoster;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.quorum.CertificateVerifier;
import org.peerprobe.consensus.quorum.ReportValidator;
import org.peerprobe.consensus.quorum.RoundTally;
import org.peerprobe.consensus.quorum.RoundWindow;
import org.peerprobe.consensus.quorum.VerifiedCertificate;

/**
 * The story the message vectors tell: three observers on three networks see cf-front fail for two
 * rounds while cdn2-front stays up, the router fails over; ten rounds later cf-front is up again
 * and the operator commands a failback (the first protocol version's form, without a command). Then
 * the operator's signed commands: a pin to cdn2-front (a switch with reason PINNED), an unpin, and
 * ten rounds later a failback command citing cf-front's UP certificate. Every message is made by
 * the production code.
 */
final class Scenario {
  static final String NETWORK_ID = "example-de";
  static final String PRIMARY = "cf-front";
  static final String SECONDARY = "cdn2-front";

  /** floor(2025-11-18T00:00:00Z / 60 s). */
  static final long R0 = 29_390_400;

  static final long R1 = R0 + 1;
  static final long R11 = R0 + 11;
  static final long R12 = R0 + 12;
  static final long R13 = R0 + 13;
  static final long R22 = R0 + 22;

  static final RouterPolicy ROUTER =
      RouterPolicy.builder("web-router", PRIMARY, SECONDARY).failback(FailbackMode.MANUAL).build();

  final Roster roster;
  final SignedRoster signedRoster;

  /** The network bundle around the roster: both fronts, the router, one bootstrap peer. */
  final SignedBundle signedBundle;

  /** The three reports of round R0, by name. */
  final Map<String, SignedReport> reports = new LinkedHashMap<>();

  /** Certificates by name, in the order they are fed to the failover machine. */
  final Map<String, VerifiedCertificate> certificates = new LinkedHashMap<>();

  final List<SignedDecision> decisions = new ArrayList<>();

  /** The operator's commands by name, in the order they are fed, with their rounds. */
  final Map<String, SignedOperatorCommand> commands = new LinkedHashMap<>();

  /** The failover machine's inputs in order: certificate and command names. */
  final List<String> inputs = new ArrayList<>();

  Scenario() {
    roster =
        Roster.builder()
            .networkId(NETWORK_ID)
            .version(1)
            .operator(key(VectorKeys.OPERATOR).publicKey())
            .observer(
                key(OBSERVER_A).publicKey(),
                "AS3320",
                "Zo\u00eb's \"node\"\t\u2603 \ud83d\ude00",
                2)
            .observer(key(OBSERVER_B).publicKey(), "AS13335", "b.example volunteer", 1)
            .observer(key(OBSERVER_C).publicKey(), "AS64500", "c", 1)
            .signer(key(VectorKeys.SIGNER).publicKey())
            .signer(key(VectorKeys.STANDBY_SIGNER).publicKey())
            .policy(QuorumPolicy.DEFAULT)
            .build();
    signedRoster = SignedRoster.sign(roster, key(VectorKeys.OPERATOR));
    signedBundle = SignedBundle.sign(bundle(roster), key(VectorKeys.OPERATOR));
    for (String o : List.of(OBSERVER_A, OBSERVER_B, OBSERVER_C)) {
      reports.put("report-" + o.substring(o.length() - 1), report(o, R0, Status.DOWN));
    }
    List<SignedReport> r1 = new ArrayList<>();
    List<SignedReport> r11 = new ArrayList<>();
    List<SignedReport> r22 = new ArrayList<>();
    for (String o : List.of(OBSERVER_A, OBSERVER_B, OBSERVER_C)) {
      r1.add(report(o, R1, Status.DOWN));
      r11.add(report(o, R11, Status.UP));
      r22.add(report(o, R22, Status.UP));
    }
    certificates.put("cf-front-down-r0", certify(R0, reports.values(), PRIMARY));
    certificates.put("cf-front-down-r1", certify(R1, r1, PRIMARY));
    certificates.put("cdn2-front-up-r1", certify(R1, r1, SECONDARY));
    certificates.put("cf-front-up-r11", certify(R11, r11, PRIMARY));
    certificates.put("cf-front-up-r22", certify(R22, r22, PRIMARY));
    commands.put(
        "command-pin", command(OperatorCommand.pin(NETWORK_ID, "web-router", SECONDARY, at(R12))));
    commands.put(
        "command-unpin", command(OperatorCommand.unpin(NETWORK_ID, "web-router", at(R13))));
    commands.put(
        "command-failback", command(OperatorCommand.failback(NETWORK_ID, "web-router", at(R22))));
    inputs.addAll(
        List.of(
            "cf-front-down-r0",
            "cf-front-down-r1",
            "cdn2-front-up-r1",
            "cf-front-up-r11",
            MANUAL_FAILBACK_R11,
            "command-pin",
            "command-unpin",
            "cf-front-up-r22",
            "command-failback"));
    runFailoverMachine();
  }

  private static NetworkBundle bundle(Roster roster) {
    Front cf =
        new Front(
            PRIMARY,
            "cf-front.example.de",
            "https://cf-front.example.de/health",
            List.of(new Front.StatusRange(200, 299), new Front.StatusRange(304, 304)),
            Optional.of("ok"),
            new Front.Timeouts(2_000, 3_000, 3_000, 5_000, 10_000),
            3);
    return NetworkBundle.builder()
        .roster(roster)
        .front(cf)
        .front(Front.of(SECONDARY, "cdn2-front.example.de", "https://cdn2-front.example.de/health"))
        .router(new Router(ROUTER, 60))
        .roundIntervalSeconds(60)
        .bootstrapPeer("/dns4/boot.example.de/tcp/4001/p2p/" + key(OBSERVER_B).publicKey().peerId())
        .build();
  }

  /** The input name of the first protocol version's manual failback at round R11. */
  static final String MANUAL_FAILBACK_R11 = "manual-failback-r11";

  /** The round a command is effective in: that of its issuedAtMs. */
  static long roundOf(SignedOperatorCommand c) {
    return c.command().issuedAtMs() / 60_000;
  }

  /** 25.5 s into {@code round}. */
  private static long at(long round) {
    return round * 60_000 + 25_500;
  }

  private static SignedOperatorCommand command(OperatorCommand c) {
    return SignedOperatorCommand.sign(c, key(VectorKeys.OPERATOR));
  }

  private void runFailoverMachine() {
    FailoverState state = FailoverState.initial(NETWORK_ID, ROUTER);
    for (String input : inputs) {
      if (input.equals(MANUAL_FAILBACK_R11)) {
        state = take(FailoverMachine.onManualFailback(state, R11));
      } else if (commands.containsKey(input)) {
        SignedOperatorCommand c = commands.get(input);
        state = take(FailoverMachine.onCommand(state, c.verify(roster).orElseThrow(), roundOf(c)));
      } else {
        state = take(FailoverMachine.onCertificate(state, certificates.get(input)));
      }
    }
    if (decisions.size() != 4) {
      throw new IllegalStateException("the scenario makes four decisions, made " + decisions);
    }
  }

  private FailoverState take(Step step) {
    if (step instanceof Step.Switched s) {
      decisions.add(SignedDecision.sign(s.decision(), key(VectorKeys.SIGNER)));
    } else if (step instanceof Step.Refused r) {
      throw new IllegalStateException("refused: " + r.reason());
    }
    return step.state();
  }

  private QuorumCertificate certificate(long round, Iterable<SignedReport> signed, String front) {
    RoundTally tally = new RoundTally(roster, round);
    for (SignedReport r : signed) {
      tally.add(ReportValidator.validate(r, roster, RoundWindow.exactly(round)).orElseThrow());
    }
    return tally.certificate(front).orElseThrow();
  }

  private VerifiedCertificate certify(long round, Iterable<SignedReport> signed, String front) {
    return CertificateVerifier.verify(certificate(round, signed, front), roster).orElseThrow();
  }

  /**
   * What observer {@code name} saw in {@code round}: cf-front as {@code primary}, cdn2-front UP.
   */
  static SignedReport report(String name, long round, Status primary) {
    Ed25519KeyPair k = key(name);
    long at = round * 60_000 + 1_000 * (name.charAt(name.length() - 1) - 'a' + 1);
    List<Observation> obs = new ArrayList<>();
    String network;
    switch (name) {
      case OBSERVER_A -> {
        network = "AS3320";
        obs.add(
            primary == Status.UP
                ? Observation.up(PRIMARY, 200, PhaseTimings.of(1000, 8000, 20000, 44000, 45000), at)
                : Observation.down(
                    PRIMARY,
                    FailureClass.HTTP_STATUS,
                    502,
                    PhaseTimings.of(1200, 8300, 21000, 45000, 46000),
                    at));
        obs.add(
            Observation.up(
                SECONDARY, 200, PhaseTimings.of(900, 7100, 18500, 39000, 41250), at + 7));
      }
      case OBSERVER_B -> {
        network = "AS13335";
        obs.add(
            primary == Status.UP
                ? Observation.up(PRIMARY, 200, PhaseTimings.of(1400, 9000, 22000, 50000, 50500), at)
                : Observation.down(
                    PRIMARY,
                    FailureClass.TIMEOUT,
                    0,
                    timings(1500, 9100, 23000, -1, 10_000_000),
                    at));
        obs.add(
            Observation.up(
                SECONDARY, 200, PhaseTimings.of(1100, 9000, 22000, 51000, 52500), at + 11));
      }
      default -> {
        network = "AS64500";
        obs.add(
            primary == Status.UP
                ? Observation.up(PRIMARY, 204, timings(-1, 12500, 31000, 60000, 60100), at)
                : Observation.down(
                    PRIMARY, FailureClass.CONNECT, 0, timings(700, -1, -1, -1, 3_000_000), at));
        obs.add(Observation.up(SECONDARY, 204, timings(-1, 12000, 30000, 61000, 61500), at + 13));
      }
    }
    RoundReport r = RoundReport.of(NETWORK_ID, round, k.publicKey(), network, obs);
    return SignedReport.sign(r, k);
  }

  /** Phase timings where -1 marks a phase that was not measured. */
  private static PhaseTimings timings(
      long dns, long connect, long tls, long firstByte, long total) {
    return new PhaseTimings(opt(dns), opt(connect), opt(tls), opt(firstByte), opt(total));
  }

  private static OptionalLong opt(long v) {
    return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
  }
}
