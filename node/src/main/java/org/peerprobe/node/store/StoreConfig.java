package org.peerprobe.node.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.peerprobe.consensus.model.Ids;

/**
 * Settings of a {@link SqliteStore}. Build with {@link #builder()}; {@link Builder#build()}
 * validates. Immutable.
 */
public final class StoreConfig {

  /** The database file's name inside the data directory. */
  public static final String FILE_NAME = "peerprobe.db";

  /** Reports, certificates, verdicts and evidence older than this are pruned. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** Shortest retention accepted: a round's data must outlive the round. */
  public static final Duration MIN_RETENTION = Duration.ofMinutes(10);

  /**
   * SQLite's wait for a lock. Only this process's two connections contend, for the few milliseconds
   * of a commit or checkpoint; a longer wait means something else holds the file.
   */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Writes that may wait for the writer: about a round's reports of the largest roster plus its
   * certificates and verdicts. Beyond it the node is not keeping up and callers are told at once.
   */
  public static final int DEFAULT_MAX_PENDING_WRITES = 20_000;

  /** Reads that may wait for the reader (feed requests are bounded by the feed's own limits). */
  public static final int DEFAULT_MAX_PENDING_READS = 1_000;

  private final Path dataDir;
  private final String networkId;
  private final LongSupplier nowMillis;
  private final Duration retention;
  private final Duration busyTimeout;
  private final int maxPendingWrites;
  private final int maxPendingReads;

  private StoreConfig(Builder b) {
    this.dataDir = b.dataDir;
    this.networkId = b.networkId;
    this.nowMillis = b.nowMillis;
    this.retention = b.retention;
    this.busyTimeout = b.busyTimeout;
    this.maxPendingWrites = b.maxPendingWrites;
    this.maxPendingReads = b.maxPendingReads;
    if (dataDir == null || nowMillis == null || retention == null || busyTimeout == null) {
      throw new IllegalArgumentException("dataDir, nowMillis, retention, busyTimeout are required");
    }
    if (networkId == null || !Ids.NAME.matcher(networkId).matches()) {
      throw new IllegalArgumentException(
          "networkId must be " + Ids.NAME_DESCRIPTION + ": " + networkId);
    }
    if (retention.compareTo(MIN_RETENTION) < 0) {
      throw new IllegalArgumentException("retention must be at least " + MIN_RETENTION);
    }
    if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("busyTimeout must be 0..2^31-1 ms");
    }
    if (maxPendingWrites < 1 || maxPendingReads < 1) {
      throw new IllegalArgumentException("pending limits must be >= 1");
    }
  }

  /** The node's data directory; the database is {@code <dataDir>/}{@link #FILE_NAME}. */
  public Path dataDir() {
    return dataDir;
  }

  /** The network whose data this store holds; a database made for another one is refused. */
  public String networkId() {
    return networkId;
  }

  /** The clock, epoch milliseconds: stamps stored rows and drives retention. */
  public LongSupplier nowMillis() {
    return nowMillis;
  }

  /** How long reports, certificates, verdicts and evidence are kept. */
  public Duration retention() {
    return retention;
  }

  /** How long SQLite waits for a lock held by another connection. */
  public Duration busyTimeout() {
    return busyTimeout;
  }

  /** Writes queued beyond this fail at once with {@link StoreException.Overloaded}. */
  public int maxPendingWrites() {
    return maxPendingWrites;
  }

  /** Reads queued beyond this fail at once with {@link StoreException.Overloaded}. */
  public int maxPendingReads() {
    return maxPendingReads;
  }

  /** The database file. */
  public Path databaseFile() {
    return dataDir.resolve(FILE_NAME);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StoreConfig}; dataDir, networkId and clock are required. */
  public static final class Builder {
    private Path dataDir;
    private String networkId;
    private LongSupplier nowMillis;
    private Duration retention = DEFAULT_RETENTION;
    private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
    private int maxPendingWrites = DEFAULT_MAX_PENDING_WRITES;
    private int maxPendingReads = DEFAULT_MAX_PENDING_READS;

    private Builder() {}

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder networkId(String networkId) {
      this.networkId = networkId;
      return this;
    }

    public Builder clock(LongSupplier nowMillis) {
      this.nowMillis = nowMillis;
      return this;
    }

    public Builder retention(Duration retention) {
      this.retention = retention;
      return this;
    }

    public Builder busyTimeout(Duration busyTimeout) {
      this.busyTimeout = busyTimeout;
      return this;
    }

    public Builder maxPendingWrites(int maxPendingWrites) {
      this.maxPendingWrites = maxPendingWrites;
      return this;
    }

    public Builder maxPendingReads(int maxPendingReads) {
      this.maxPendingReads = maxPendingReads;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the invalid setting (the configuration's fault)
     */
    public StoreConfig build() {
      return new StoreConfig(this);
    }
  }
}
