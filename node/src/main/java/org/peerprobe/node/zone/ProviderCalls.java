package org.peerprobe.node.zone;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.peerprobe.node.dns.ProviderException;

/**
 * How zone sync calls a provider: a call refused for rate limiting is retried after the provider's
 * {@code Retry-After} (octoDNS does the same), at most {@link #MAX_RATE_LIMIT_RETRIES} times and
 * only when the wait is at most {@link #MAX_RETRY_WAIT}; every other failure is final for this run.
 * And how a failure is explained: whose fault it is and what to do.
 */
final class ProviderCalls {
  /** Retries of one call refused with 429. */
  static final int MAX_RATE_LIMIT_RETRIES = 3;

  /** Longest {@code Retry-After} waited for; a longer one fails the provider for this run. */
  static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(1);

  /** Runs a task after a delay: the real clock, or a test's. */
  @FunctionalInterface
  interface Delayer {
    Executor after(Duration delay);
  }

  static final Delayer REAL_TIME =
      d -> CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS);

  private ProviderCalls() {}

  /** {@code call}, retried while it is rate limited (within the limits above). */
  static <T> CompletableFuture<T> withRetry(Supplier<CompletableFuture<T>> call, Delayer delayer) {
    return attempt(call, delayer, MAX_RATE_LIMIT_RETRIES);
  }

  private static <T> CompletableFuture<T> attempt(
      Supplier<CompletableFuture<T>> call, Delayer delayer, int retriesLeft) {
    CompletableFuture<T> first;
    try {
      first = call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return first
        .handle(
            (v, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(v);
              }
              Throwable cause = unwrap(e);
              if (cause instanceof ProviderException.RateLimited r
                  && retriesLeft > 0
                  && r.retryAfter().compareTo(MAX_RETRY_WAIT) <= 0) {
                return CompletableFuture.runAsync(() -> {}, delayer.after(r.retryAfter()))
                    .thenCompose(x -> attempt(call, delayer, retriesLeft - 1));
              }
              return CompletableFuture.<T>failedFuture(cause);
            })
        .thenCompose(Function.identity());
  }

  /** The failure inside {@link CompletionException} and {@link ExecutionException} wrappers. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Whose fault {@code e} is and what to do about it, for the operator. */
  static String fault(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof ProviderException.AuthFailed) {
      return "credentials refused: fix the provider's credentials";
    } else if (t instanceof ProviderException.Rejected) {
      return "refused by the provider: fix the zone file or the provider's configuration";
    } else if (t instanceof ProviderException.RateLimited) {
      return "rate limited by the provider: run again later";
    } else if (t instanceof ProviderException.Unavailable) {
      return "provider unreachable or failing: run again later";
    } else if (t instanceof ProviderException.PreconditionFailed) {
      return "changed by someone else since the plan: run again to see the new plan";
    }
    return "internal error (a bug in peerprobe; please report it)";
  }

  /** The failure's message (which names the provider and never holds a credential). */
  static String message(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
