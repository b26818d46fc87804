package org.peerprobe.node.store;

/**
 * The local store failed. Never a peer's fault: the subclasses say whose it is — the disk or a bug
 * ({@link Corrupt}), the configuration ({@link Incompatible}), the load ({@link Overloaded}), the
 * caller's lifecycle ({@link Closed}); the base class itself wraps an SQLite or I/O error of this
 * machine (disk full, permissions, locked by another process).
 *
 * <p>Futures returned by {@link Store} fail with these; the store stays usable after any of them
 * except {@link Closed}.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }

  /**
   * A stored row does not decode, or decodes to something other than its key says: the disk or a
   * bug damaged it. The message names the table and the row's key. Other rows stay readable.
   */
  public static final class Corrupt extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String table;
    private final String key;

    public Corrupt(String table, String key, String detail) {
      super("corrupt row in " + table + " (" + key + "): " + detail);
      this.table = table;
      this.key = key;
    }

    /** The table holding the damaged row. */
    public String table() {
      return table;
    }

    /** The damaged row's key, e.g. {@code content_id=ab12…}. */
    public String key() {
      return key;
    }
  }

  /**
   * The database in the data directory cannot be used by this build with this configuration: it
   * belongs to another network or has a newer schema. The operator's fault; nothing was changed.
   */
  public static final class Incompatible extends StoreException {
    private static final long serialVersionUID = 1L;

    public Incompatible(String message) {
      super(message);
    }
  }

  /** More requests are queued than the named limit allows; retry later (the feed answers 503). */
  public static final class Overloaded extends StoreException {
    private static final long serialVersionUID = 1L;

    public Overloaded(String message) {
      super(message);
    }
  }

  /** The store was closed before the request ran: the caller's lifecycle is wrong. */
  public static final class Closed extends StoreException {
    private static final long serialVersionUID = 1L;

    public Closed(String message) {
      super(message);
    }
  }
}
