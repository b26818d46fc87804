package org.peerprobe.node.feed;

import java.time.Duration;

/**
 * The feed's limits, each checked before the work or allocation it bounds ({@code docs/feed.md}).
 */
public final class FeedLimits {
  /** Longest request line: no endpoint takes a long URL. */
  public static final int MAX_REQUEST_LINE_BYTES = 4096;

  /** Largest request header block. */
  public static final int MAX_HEADER_BYTES = 8192;

  /** Largest request body: the feed takes none, so anything beyond a stray byte is refused. */
  public static final int MAX_BODY_BYTES = 1024;

  /** Most open connections; more are closed on accept, so one crowd cannot exhaust a node. */
  public static final int MAX_CONNECTIONS = 512;

  /** Sustained requests per second per client address. */
  public static final double REQUESTS_PER_SECOND_PER_CLIENT = 20;

  /** Burst allowance per client address. */
  public static final double REQUEST_BURST_PER_CLIENT = 40;

  /** Client addresses whose request budgets are remembered; the least recently seen go first. */
  public static final int MAX_TRACKED_CLIENTS = 4096;

  /** Most rounds one {@code /v1/fronts/{id}/rounds} page returns. */
  public static final int MAX_ROUNDS_PER_PAGE = 1000;

  /** Rounds {@code /v1/fronts/{id}/rounds} returns without {@code from}. */
  public static final int DEFAULT_ROUNDS_PER_PAGE = 100;

  /** Most decisions one {@code /v1/decisions} page returns. */
  public static final int MAX_DECISIONS_PER_PAGE = 200;

  /** Decisions one {@code /v1/decisions} page returns without {@code limit}. */
  public static final int DEFAULT_DECISIONS_PER_PAGE = 50;

  /**
   * Most replaced decisions one {@code /v1/decisions/forks} page returns (each carries its signed
   * decision, at most {@code SignedDecision.MAX_ENCODED_BYTES} = 16 KiB: a page stays under 2 MB).
   */
  public static final int MAX_FORKS_PER_PAGE = 100;

  /** Replaced decisions one {@code /v1/decisions/forks} page returns without {@code limit}. */
  public static final int DEFAULT_FORKS_PER_PAGE = 20;

  /** Most rounds {@code /v1/observers} summarises. */
  public static final int MAX_OBSERVER_ROUNDS = 10_000;

  /** Rounds {@code /v1/observers} summarises without {@code rounds}. */
  public static final int DEFAULT_OBSERVER_ROUNDS = 1000;

  /** Most concurrent {@code /v1/events} streams. */
  public static final int MAX_SSE_CLIENTS = 256;

  /**
   * Bytes an event stream may have queued before its client is dropped: a slow reader is cut off
   * rather than buffered without bound.
   */
  public static final int MAX_SSE_BACKLOG_BYTES = 256 * 1024;

  /** Comment line sent on idle event streams so proxies keep them open. */
  public static final Duration SSE_KEEP_ALIVE = Duration.ofSeconds(15);

  /** Connections idle this long are closed (event streams are kept busy by keep-alives). */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** Most entries in {@code /feed.atom}. */
  public static final int MAX_ATOM_ENTRIES = 100;

  private FeedLimits() {}
}
