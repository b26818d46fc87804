package org.peerprobe.node.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.peerprobe.consensus.crypto.Ed25519KeyPair;
import org.peerprobe.consensus.model.Front;
import org.peerprobe.consensus.model.NetworkBundle;
import org.peerprobe.consensus.model.Router;
import org.peerprobe.node.probe.FrontSpec;
import org.peerprobe.node.probe.PhaseTimeouts;
import org.peerprobe.node.service.NodeSettings;

/** What a node runs, derived from a network bundle: its settings and the specs of its fronts. */
final class BundleSettings {
  private BundleSettings() {}

  static NodeSettings settings(NetworkBundle bundle, Ed25519KeyPair key, String network) {
    return new NodeSettings(
        key,
        bundle.roster(),
        bundle.fronts().stream().map(Front::id).toList(),
        bundle.routers().stream().map(Router::policy).toList(),
        Duration.ofSeconds(bundle.roundIntervalSeconds()),
        network);
  }

  static Map<String, FrontSpec> specs(NetworkBundle bundle) {
    Map<String, FrontSpec> specs = new LinkedHashMap<>();
    bundle.fronts().forEach(f -> specs.put(f.id(), spec(f)));
    return Map.copyOf(specs);
  }

  static FrontSpec spec(Front f) {
    Front.Timeouts t = f.timeouts();
    FrontSpec.Builder b =
        FrontSpec.builder(f.id())
            .hostname(f.hostname())
            .url(f.url())
            .expectedStatuses(
                f.expectedStatus().stream()
                    .flatMap(r -> IntStream.rangeClosed(r.from(), r.to()).boxed())
                    .toList())
            .timeouts(
                new PhaseTimeouts(
                    Duration.ofMillis(t.dnsMs()),
                    Duration.ofMillis(t.connectMs()),
                    Duration.ofMillis(t.tlsMs()),
                    Duration.ofMillis(t.firstByteMs()),
                    Duration.ofMillis(t.totalMs())))
            .attempts(f.attempts());
    f.bodyContains().ifPresent(b::bodyContains);
    return b.build();
  }

  static List<String> describeChange(NetworkBundle from, NetworkBundle to) {
    return List.of(
        "v" + from.version() + " -> v" + to.version(),
        to.roster().observers().size() + " observers",
        to.fronts().size() + " fronts",
        to.routers().size() + " routers");
  }
}
