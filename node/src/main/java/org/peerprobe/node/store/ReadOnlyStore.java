package org.peerprobe.node.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.peerprobe.consensus.model.SignedDecision;
import org.sqlite.SQLiteConfig;

/**
 * Reads a node's store without writing to it, migrating it or taking its writer's place: what
 * {@code peerprobe router status} needs while the node runs (SQLite readers do not block the node's
 * writer).
 */
public final class ReadOnlyStore {
  /** How long a read waits for the node's writer to release the database. */
  static final int BUSY_TIMEOUT_MS = 5_000;

  private ReadOnlyStore() {}

  /**
   * The last decision of every router in the store of {@code dataDir}.
   *
   * @throws StoreException when there is no store (the node never ran there) or it cannot be read
   */
  public static List<SignedDecision> lastDecisions(Path dataDir) {
    Path file = dataDir.resolve(StoreConfig.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new StoreException("no store at " + file + ": has the node run with this data dir?");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
      return new Queries(c).lastDecisions();
    } catch (SQLException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
