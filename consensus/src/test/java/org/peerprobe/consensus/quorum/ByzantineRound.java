package org.peerprobe.consensus.quorum;

import static org.peerprobe.consensus.testing.TestNetwork.PRIMARY;
import static org.peerprobe.consensus.testing.TestNetwork.SECONDARY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.peerprobe.consensus.model.Observer;
import org.peerprobe.consensus.model.SignedReport;
import org.peerprobe.consensus.model.Status;
import org.peerprobe.consensus.model.Verdict;
import org.peerprobe.consensus.testing.TestNetwork;
import org.peerprobe.consensus.validation.Validated;

/**
 * One round of a network in which honest observers all report the truth about both fronts and liars
 * do whatever their {@link LiarMove} says. Every report is validated and fed to a {@link
 * RoundTally} in a shuffled order, as gossip would deliver it.
 */
final class ByzantineRound {
  static final long ROUND = 1000;

  /** What a lying observer does in the round. */
  enum LiarMove {
    /** Reports the opposite of the truth for both fronts. */
    OPPOSE,
    /** Reports the truth (with content of its own). */
    AGREE,
    /** Sends nothing. */
    ABSTAIN,
    /** Lies about the primary, tells the truth about the secondary. */
    SPLIT,
    /** Reports only the primary, and lies about it. */
    PARTIAL,
    /** Signs the truth and the opposite. */
    EQUIVOCATE,
    /** Signs the opposite, the truth, another opposite, and resends the first. */
    EQUIVOCATE_MANY,
    /** Claims another network than the one it was admitted for, and lies. */
    FALSE_NETWORK
  }

  /**
   * @param tally the tally after every report was offered
   * @param dissent per front, each liar's first valid report contradicting the truth about it
   * @param rejected how many reports the validator refused
   * @param sent every report offered, in delivery order
   */
  record Outcome(
      RoundTally tally,
      Map<String, List<SignedReport>> dissent,
      int rejected,
      List<SignedReport> sent) {}

  private ByzantineRound() {}

  static Map<String, Status> opposite(Map<String, Status> truth) {
    Map<String, Status> out = new LinkedHashMap<>();
    truth.forEach((f, s) -> out.put(f, flip(s)));
    return out;
  }

  static Status flip(Status s) {
    return s == Status.UP ? Status.DOWN : Status.UP;
  }

  static Verdict contradiction(Status truth) {
    return Verdict.of(flip(truth));
  }

  static Outcome run(
      TestNetwork net,
      Set<Integer> liars,
      List<LiarMove> moves,
      Map<String, Status> truth,
      long shuffleSeed) {
    List<SignedReport> sent = new ArrayList<>();
    Map<String, List<SignedReport>> dissent = new LinkedHashMap<>();
    truth.keySet().forEach(f -> dissent.put(f, new ArrayList<>()));
    for (int i = 0; i < net.size(); i++) {
      List<SignedReport> mine =
          liars.contains(i) ? liarReports(net, i, moves.get(i), truth) : honest(net, i, truth);
      sent.addAll(mine);
      Set<String> dissented = new HashSet<>();
      for (SignedReport r : mine) {
        if (!r.report().network().equals(net.observer(i).network())) {
          continue;
        }
        for (String f : truth.keySet()) {
          boolean lies =
              r.report().observationOf(f).map(o -> o.status() != truth.get(f)).orElse(false);
          if (lies && dissented.add(f)) {
            dissent.get(f).add(r);
          }
        }
      }
    }
    Collections.shuffle(sent, new Random(shuffleSeed));
    RoundTally tally = new RoundTally(net.roster(), ROUND);
    int rejected = 0;
    for (SignedReport r : sent) {
      Validated<VerifiedReport> v =
          ReportValidator.validate(r, net.roster(), RoundWindow.exactly(ROUND));
      if (v.isValid()) {
        tally.add(v.orElseThrow());
      } else {
        rejected++;
      }
    }
    return new Outcome(tally, dissent, rejected, List.copyOf(sent));
  }

  private static List<SignedReport> honest(TestNetwork net, int i, Map<String, Status> truth) {
    return List.of(net.report(i, ROUND, truth));
  }

  private static List<SignedReport> liarReports(
      TestNetwork net, int i, LiarMove move, Map<String, Status> truth) {
    Map<String, Status> lie = opposite(truth);
    return switch (move) {
      case OPPOSE -> List.of(net.report(i, ROUND, lie));
      case AGREE -> List.of(net.report(i, ROUND, truth, 7));
      case ABSTAIN -> List.of();
      case SPLIT ->
          List.of(
              net.report(
                  i, ROUND, Map.of(PRIMARY, lie.get(PRIMARY), SECONDARY, truth.get(SECONDARY))));
      case PARTIAL -> List.of(net.report(i, ROUND, Map.of(PRIMARY, lie.get(PRIMARY))));
      case EQUIVOCATE -> List.of(net.report(i, ROUND, truth), net.report(i, ROUND, lie));
      case EQUIVOCATE_MANY -> {
        SignedReport first = net.report(i, ROUND, lie);
        yield List.of(first, net.report(i, ROUND, truth), net.report(i, ROUND, lie, 1), first);
      }
      case FALSE_NETWORK -> {
        Observer o = net.observer(i);
        String elsewhere = o.network().equals("AS1") ? "AS2" : "AS1";
        yield List.of(
            TestNetwork.sign(
                TestNetwork.unsigned(net.networkId(), ROUND, o, elsewhere, lie, 0), net.key(i)));
      }
    };
  }
}
