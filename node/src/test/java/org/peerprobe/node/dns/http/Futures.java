package org.peerprobe.node.dns.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.peerprobe.node.dns.DnsProviderContract;

/** Waiting for provider futures in tests, at most {@link DnsProviderContract#CALL_DEADLINE}. */
public final class Futures {
  private Futures() {}

  public static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(DnsProviderContract.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The failure of {@code f}, unwrapped; fails the test if {@code f} succeeds. */
  public static Throwable failure(CompletableFuture<?> f) {
    try {
      f.get(DnsProviderContract.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }
}
