package org.peerprobe.node.evidence;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.peerprobe.consensus.crypto.Ed25519PublicKey;
import org.peerprobe.consensus.model.SignedBundle;
import org.peerprobe.node.config.ConfigException;
import org.peerprobe.node.config.SignedBundleFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every signed bundle version this node ran, kept as {@code <dataDir>/bundles/<version>.json}: a
 * certificate names the roster version it was made under, and its evidence must carry that bundle
 * long after the node moved on to a newer one.
 *
 * <p>Files rather than a store table: the bundle is needed before the store opens (the store is
 * opened for the bundle's network), each file is byte for byte a {@code network.json} the operator
 * can inspect or reuse, and bundles are few and large (up to 9 MiB) while the store's rows are many
 * and small. Each file is written atomically ({@link SignedBundleFile#write}) and never changed:
 * the content of a version is fixed by the operator's signature. At most {@value #MAX_VERSIONS}
 * versions are kept; recording one more deletes the lowest, so a decision older than that many
 * bundle updates loses its evidence.
 *
 * <p>Reads verify again (operator, network, version named by the file name) and treat a file that
 * does not verify as absent. One writer (the node thread); readers on any thread see a whole file
 * or none.
 */
public final class BundleHistory {
  private static final Logger LOG = LoggerFactory.getLogger(BundleHistory.class);

  /** The directory under the data directory. */
  public static final String DIRECTORY = "bundles";

  /** Most versions kept. */
  public static final int MAX_VERSIONS = 128;

  private static final Pattern FILE = Pattern.compile("([1-9][0-9]{0,15})\\.json");

  private final Path dir;
  private final Ed25519PublicKey operator;
  private final String networkId;

  private BundleHistory(Path dir, Ed25519PublicKey operator, String networkId) {
    this.dir = dir;
    this.operator = operator;
    this.networkId = networkId;
  }

  /**
   * The history in {@code dataDir} of network {@code networkId}, trusting bundles signed by {@code
   * operator}; creates the directory.
   */
  public static BundleHistory open(Path dataDir, Ed25519PublicKey operator, String networkId)
      throws IOException {
    Path dir = dataDir.resolve(DIRECTORY);
    Files.createDirectories(dir);
    return new BundleHistory(dir, operator, networkId);
  }

  /** Keeps {@code bundle} (a version already kept stays as it is), then drops the oldest. */
  public void record(SignedBundle bundle) throws IOException {
    if (!bundle.bundle().networkId().equals(networkId)) {
      throw new IllegalArgumentException("bundle of network " + bundle.bundle().networkId());
    }
    Path file = file(bundle.bundle().version());
    if (!Files.exists(file)) {
      SignedBundleFile.write(file, bundle);
    }
    List<Long> versions = versions();
    for (int i = 0; i < versions.size() - MAX_VERSIONS; i++) {
      Files.deleteIfExists(file(versions.get(i)));
    }
  }

  /** The kept versions, lowest first. */
  public List<Long> versions() throws IOException {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        if (m.matches()) {
          out.add(Long.parseLong(m.group(1)));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** The bundle of {@code version}, when kept and it verifies. */
  public Optional<SignedBundle> version(long version) {
    Path file = file(version);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      SignedBundle b = SignedBundleFile.read(file);
      var v = b.verify(operator, Optional.empty());
      if (!v.isValid()
          || b.bundle().version() != version
          || !b.bundle().networkId().equals(networkId)) {
        LOG.warn(
            "ignoring {}: not bundle v{} of {} by the trusted operator", file, version, networkId);
        return Optional.empty();
      }
      return Optional.of(b);
    } catch (ConfigException e) {
      LOG.warn("ignoring {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Every kept version, newest first, read lazily. */
  public Stream<SignedBundle> newestFirst() throws IOException {
    List<Long> versions = versions();
    java.util.Collections.reverse(versions);
    return versions.stream().map(this::version).flatMap(Optional::stream);
  }

  private Path file(long version) {
    return dir.resolve(version + ".json");
  }
}
