package org.peerprobe.node.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one transaction of a connection owned by the calling thread. */
final class Transactions {

  /** Work against the database that may fail with an {@link SQLException}. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  private Transactions() {}

  /** Commits when {@code work} returns, rolls back when it throws; restores auto-commit. */
  static <T> T run(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }
}
