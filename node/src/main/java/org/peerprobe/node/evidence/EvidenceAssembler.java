package org.peerprobe.node.evidence;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.consensus.model.Decision;
import org.peerprobe.consensus.model.QuorumCertificate;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.consensus.model.SignedDecision;
import org.peerprobe.node.store.Store;
import org.peerprobe.node.store.StoredDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the evidence file ({@code docs/feed.md}) of a decision or a certificate from what this
 * node holds: the decision chain and certificates from the {@link Store}, the bundles from the
 * {@link BundleHistory}. The result is exactly what {@code EvidenceVerifier} needs: for a decision,
 * the router's chain from seq 1, the certificates it cites, the bundle of each roster version they
 * name and, for every other decision, a bundle listing its signer.
 *
 * <p>Empty when any part is not held (an unknown id, a pruned certificate, a bundle older than the
 * history keeps): a partial file would not verify. Work runs on the given executor and blocks it
 * while reading; use {@link #executor()}, which bounds the queue.
 */
public final class EvidenceAssembler implements org.peerprobe.node.feed.EvidenceSource {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceAssembler.class);

  /** Evidence requests queued behind the one being built; more are refused at once. */
  public static final int MAX_PENDING = 32;

  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private final Store store;
  private final BundleHistory history;
  private final Executor executor;

  public EvidenceAssembler(Store store, BundleHistory history, Executor executor) {
    this.store = store;
    this.history = history;
    this.executor = executor;
  }

  /**
   * One daemon thread with a queue of {@link #MAX_PENDING}: a request beyond it fails with {@link
   * RejectedExecutionException} (the feed answers 503).
   */
  public static ExecutorService executor() {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(MAX_PENDING),
        new DefaultThreadFactory("peerprobe-evidence", true));
  }

  /**
   * The canonical evidence file of decision {@code id}; empty when not held. Fails with {@link
   * RejectedExecutionException} when {@link #MAX_PENDING} requests are already queued.
   */
  @Override
  public CompletableFuture<Optional<byte[]>> forDecision(String id) {
    return submit(() -> decision(id).map(EvidenceFile::encode));
  }

  /** The canonical evidence file of certificate {@code id}; empty when not held (as above). */
  @Override
  public CompletableFuture<Optional<byte[]>> forCertificate(String id) {
    return submit(() -> certificate(id).map(EvidenceFile::encode));
  }

  private CompletableFuture<Optional<byte[]>> submit(Supplier<Optional<byte[]>> work) {
    try {
      return CompletableFuture.supplyAsync(work, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The evidence of decision {@code id}, on the calling thread (blocks on the store). */
  public Optional<EvidenceFile> decision(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Optional<StoredDecision> stored = store.decision(id).join();
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Decision target = stored.get().decision().decision();
    if (target.seq() > EvidenceFile.MAX_DECISIONS) {
      return missing(id, "its chain is longer than " + EvidenceFile.MAX_DECISIONS);
    }
    List<SignedDecision> chain = chain(target);
    if (chain.size() != target.seq()) {
      return missing(id, "the store holds " + chain.size() + " of its " + target.seq() + " links");
    }
    List<QuorumCertificate> certs = new ArrayList<>();
    for (String c : target.certificates()) {
      Optional<QuorumCertificate> cert = store.certificate(c).join();
      if (cert.isEmpty()) {
        return missing(id, "certificate " + c + " is not held");
      }
      certs.add(cert.get());
    }
    TreeMap<Long, SignedBundle> bundles = new TreeMap<>();
    for (QuorumCertificate c : certs) {
      Optional<SignedBundle> b = history.version(c.rosterVersion());
      if (b.isEmpty()) {
        return missing(id, "bundle v" + c.rosterVersion() + " is not kept");
      }
      bundles.put(c.rosterVersion(), b.get());
    }
    Set<Ed25519PublicKey> signers = new LinkedHashSet<>();
    List<SignedDecision> others = certs.isEmpty() ? chain : chain.subList(0, chain.size() - 1);
    others.forEach(d -> signers.add(d.signer()));
    for (Ed25519PublicKey signer : signers) {
      boolean listed =
          bundles.values().stream().anyMatch(b -> b.bundle().roster().isSigner(signer));
      if (!listed) {
        Optional<SignedBundle> b = newestListing(signer);
        if (b.isEmpty()) {
          return missing(id, "no kept bundle lists its signer " + signer.peerId());
        }
        bundles.put(b.get().bundle().version(), b.get());
      }
    }
    if (bundles.size() > EvidenceFile.MAX_BUNDLES) {
      return missing(id, "it spans " + bundles.size() + " bundle versions");
    }
    return Optional.of(new EvidenceFile(List.copyOf(bundles.values()), chain, certs));
  }

  /** The evidence of certificate {@code id}, on the calling thread (blocks on the store). */
  public Optional<EvidenceFile> certificate(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Optional<QuorumCertificate> cert = store.certificate(id).join();
    if (cert.isEmpty()) {
      return Optional.empty();
    }
    Optional<SignedBundle> b = history.version(cert.get().rosterVersion());
    if (b.isEmpty()) {
      return missing(id, "bundle v" + cert.get().rosterVersion() + " is not kept");
    }
    return Optional.of(EvidenceFile.forCertificate(b.get(), cert.get()));
  }

  /** The router's decisions seq 1 … target, read page by page; stops at a gap. */
  private List<SignedDecision> chain(Decision target) {
    List<SignedDecision> out = new ArrayList<>();
    while (out.size() < target.seq()) {
      int want = (int) Math.min(Store.MAX_PAGE, target.seq() - out.size());
      List<StoredDecision> page = store.decisions(target.router(), out.size(), want).join();
      if (page.isEmpty()) {
        return out;
      }
      for (StoredDecision d : page) {
        if (d.decision().decision().seq() != out.size() + 1) {
          return out;
        }
        out.add(d.decision());
      }
    }
    return out;
  }

  private Optional<SignedBundle> newestListing(Ed25519PublicKey signer) {
    try {
      return history.newestFirst().filter(b -> b.bundle().roster().isSigner(signer)).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the bundle history", e);
    }
  }

  private static Optional<EvidenceFile> missing(String id, String why) {
    LOG.debug("no evidence for {}: {}", id, why);
    return Optional.empty();
  }
}
