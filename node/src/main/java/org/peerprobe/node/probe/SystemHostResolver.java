package org.peerprobe.node.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's system resolver ({@link InetAddress#getAllByName}), which honours the host's own
 * configuration ({@code /etc/hosts}, {@code resolv.conf}, nsswitch). It blocks, so each lookup runs
 * on a small pool of dedicated daemon threads ({@link #start()}) or on an executor the caller
 * injects, never on an event loop.
 *
 * <p>Limits (of {@link #start()}'s pool): {@link #THREADS} lookups run at once and at most {@link
 * #MAX_QUEUED} wait; beyond that a lookup fails at once with {@link
 * ResolutionException.Reason#FAILED} (this node is overloaded, which is logged). A lookup abandoned
 * by the prober's DNS timeout keeps its thread until the JDK returns. The JDK cannot tell NXDOMAIN
 * from a failed server, so every failure is {@link ResolutionException.Reason#NO_SUCH_NAME}; and it
 * caches answers ({@code networkaddress.cache.ttl}, 30 s by default), so DNS timings from this
 * resolver are often near zero. Configure explicit resolvers ({@link DnsjavaHostResolver}) for
 * uncached, classified answers.
 */
public final class SystemHostResolver implements HostResolver {
  /** Lookups that run at once. */
  public static final int THREADS = 4;

  /** Lookups that may wait for a thread. */
  public static final int MAX_QUEUED = 256;

  private final Executor executor;
  private final ExecutorService owned;

  /**
   * Looks up on {@code blockingExecutor}, which must not be an event loop and which the caller owns
   * ({@link #close()} leaves it alone); {@link #start()} makes one of its own.
   */
  public SystemHostResolver(Executor blockingExecutor) {
    this(blockingExecutor, null);
  }

  private SystemHostResolver(Executor executor, ExecutorService owned) {
    this.executor = executor;
    this.owned = owned;
  }

  /**
   * Starts a resolver with its own {@link #THREADS} daemon threads; {@link #close()} stops them.
   */
  public static SystemHostResolver start() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "peerprobe-system-resolver-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(MAX_QUEUED),
            threads,
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return new SystemHostResolver(pool, pool);
  }

  @Override
  public CompletableFuture<List<InetAddress>> resolve(String hostname) {
    CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
    try {
      executor.execute(() -> lookUp(hostname, result));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new ResolutionException(
              hostname, ResolutionException.Reason.FAILED, "system resolver saturated", e));
    }
    return result;
  }

  private static void lookUp(String hostname, CompletableFuture<List<InetAddress>> result) {
    try {
      result.complete(List.of(InetAddress.getAllByName(hostname)));
    } catch (UnknownHostException e) {
      result.completeExceptionally(
          new ResolutionException(
              hostname, ResolutionException.Reason.NO_SUCH_NAME, e.getMessage(), e));
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new ResolutionException(hostname, ResolutionException.Reason.FAILED, e.toString(), e));
    }
  }

  /** Stops the threads made by {@link #start()}; an injected executor is left alone. */
  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
    }
  }
}
