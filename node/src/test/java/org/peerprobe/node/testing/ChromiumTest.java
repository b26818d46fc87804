package org.peerprobe.node.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DevTools client itself: a missing browser fails loudly, a present one answers. */
class ChromiumTest {
  @TempDir Path dir;

  @Test
  void aMissingBrowserIsAFailureThatSaysWhatToInstall() {
    assertThatThrownBy(() -> Chromium.launch(dir.resolve("no-chromium-here"), dir))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("install the Debian package chromium");
  }

  @Test
  void evaluatesAwaitsAndReportsThePagesErrors() {
    try (Chromium page = Chromium.launch(dir)) {
      assertThat(page.eval("Promise.resolve(6 * 7)").asInt()).isEqualTo(42);
      page.eval("setTimeout(() => { window.later = true; }, 100); 0");
      page.awaitTrue("window.later === true", Duration.ofSeconds(5), "the timer fired");
      assertThatThrownBy(() -> page.awaitTrue("window.never", Duration.ofMillis(200), "never true"))
          .hasMessageContaining("never true");
      page.eval("setTimeout(() => { throw new Error('boom'); }, 0); 0");
      org.peerprobe.p2p.testing.Await.until(
          Duration.ofSeconds(5),
          () -> page.problems().stream().anyMatch(p -> p.contains("boom")),
          "the page's exception is reported");
    }
  }
}
