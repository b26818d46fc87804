package org.peerprobe.node.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peerprobe.node.dns.ProviderCalls.await;
import static org.peerprobe.node.dns.ProviderCalls.failure;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peerprobe.node.dns.DnsProvider;
import org.peerprobe.node.dns.Precondition;
import org.peerprobe.node.dns.RecordSet;
import org.peerprobe.node.dns.RecordWrite;
import org.peerprobe.node.dns.Secret;
import org.peerprobe.node.testing.BindServer;
import org.slf4j.LoggerFactory;

/**
 * The TSIG secret (right or wrong) is in no log line (dnsjava and peerprobe at TRACE), exception
 * message, stack trace, {@code toString} or named's own log, through success and every failure.
 */
class Rfc2136SecretTest {
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger dnsjava = (Logger) LoggerFactory.getLogger("org.xbill.DNS");
  private final Logger ours = (Logger) LoggerFactory.getLogger("org.peerprobe");
  private Level dnsjavaLevel;
  private Level ourLevel;
  private BindFixture fixture;

  @BeforeEach
  void capture() {
    dnsjavaLevel = dnsjava.getLevel();
    ourLevel = ours.getLevel();
    captured.start();
    root.addAppender(captured);
    dnsjava.setLevel(Level.TRACE);
    ours.setLevel(Level.TRACE);
    fixture = BindFixture.start();
  }

  @AfterEach
  void release() {
    fixture.close();
    root.detachAppender(captured);
    dnsjava.setLevel(dnsjavaLevel);
    ours.setLevel(ourLevel);
  }

  @Test
  void theSecretIsInNoLogLineMessageOrDescription() {
    List<String> texts = new ArrayList<>();
    DnsProvider p = fixture.provider();
    RecordSet moved = RecordSet.of("web-router.example.test.", "CNAME", 60, "cdn2.example.test.");
    await(p.write(RecordWrite.of(moved)));
    await(p.read(moved.key()));
    RecordWrite stale =
        new RecordWrite(List.of(moved), List.of(new Precondition.Absent(moved.key())));
    List<Throwable> failures =
        List.of(
            failure(p.write(stale)),
            failure(fixture.withWrongCredentials().write(RecordWrite.of(moved))),
            failure(fixture.withWrongCredentials().read(moved.key())),
            failure(fixture.unreachable().read(moved.key())));
    for (Throwable t : failures) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      texts.add(trace.toString());
    }
    texts.add(p.toString());
    texts.add(fixture.config().build().toString());
    texts.add(fixture.withWrongCredentials().toString());
    for (ILoggingEvent e : captured.list) {
      texts.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        texts.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }
    texts.add(fixture.bind.log());

    assertThat(captured.list).as("dnsjava logged the exchanges at TRACE").isNotEmpty();
    assertThat(String.join("\n", texts))
        .contains("test key")
        .doesNotContain(BindServer.KEY_SECRET)
        .doesNotContain(BindFixture.WRONG_SECRET);
  }

  @Test
  void aMalformedSecretIsRefusedWithoutQuotingIt() {
    String malformed = "not-base64!" + BindServer.KEY_SECRET;
    Rfc2136Config.Builder config =
        fixture.config().key(BindServer.KEY_NAME, Secret.of(malformed, "env TSIG_SECRET"));

    assertThat(org.assertj.core.api.Assertions.catchThrowable(config::build))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("env TSIG_SECRET")
        .hasMessageNotContaining(malformed)
        .hasMessageNotContaining("!");
  }
}
