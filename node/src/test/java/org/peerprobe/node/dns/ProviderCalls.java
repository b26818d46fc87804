package org.peerprobe.node.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Waiting for provider calls in tests, each bounded by {@link DnsProviderContract#CALL_DEADLINE}.
 */
public final class ProviderCalls {
  private ProviderCalls() {}

  /** {@code f}'s value; its failure is rethrown wrapped in a {@link CompletionException}. */
  public static <T> T await(CompletableFuture<T> f) {
    return f.orTimeout(DnsProviderContract.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  /** {@code f}'s failure (unwrapped), failing the test when it succeeds. */
  public static Throwable failure(CompletableFuture<?> f) {
    Throwable t = failureOrNull(f);
    assertThat(t).as("the call fails").isNotNull();
    return t;
  }

  /** {@code f}'s failure (unwrapped), or null when it succeeds. */
  public static Throwable failureOrNull(CompletableFuture<?> f) {
    try {
      await(f);
      return null;
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    }
  }
}
