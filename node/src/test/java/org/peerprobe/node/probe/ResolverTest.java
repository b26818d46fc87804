package org.peerprobe.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The static and system resolvers (the dnsjava one has {@link DnsjavaProbeTest}). */
class ResolverTest {
  @Test
  void staticResolverAnswersItsMapCaseInsensitivelyAndNothingElse() throws Exception {
    InetAddress a = InetAddress.getByAddress(new byte[] {127, 0, 0, 7});
    StaticHostResolver r = StaticHostResolver.builder().map("Front.Test", a).build();

    assertThat(r.resolve("front.test").get()).containsExactly(a);
    try {
      r.resolve("other.test").get();
      throw new AssertionError("resolved an unmapped name");
    } catch (ExecutionException e) {
      assertThat(e.getCause())
          .isInstanceOfSatisfying(
              ResolutionException.class,
              re -> assertThat(re.reason()).isEqualTo(ResolutionException.Reason.NO_SUCH_NAME));
    }
  }

  @Test
  void systemResolverLooksUpOnlyThroughItsExecutor() throws Exception {
    List<Runnable> queued = new ArrayList<>();
    try (SystemHostResolver r = new SystemHostResolver(queued::add)) {
      CompletableFuture<List<InetAddress>> f = r.resolve("localhost");

      assertThat(f).isNotDone(); // nothing ran on the caller's thread
      assertThat(queued).hasSize(1);
      queued.get(0).run();
      assertThat(f.get()).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    }
  }

  @Test
  void systemResolverFindsLocalhostOnItsOwnThreads() throws Exception {
    try (SystemHostResolver r = SystemHostResolver.start()) {
      List<InetAddress> found =
          r.resolve("localhost").get(Probing.AWAIT.toMillis(), TimeUnit.MILLISECONDS);

      assertThat(found).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    }
  }
}
