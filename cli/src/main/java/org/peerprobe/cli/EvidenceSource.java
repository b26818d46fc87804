package org.peerprobe.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.peerprobe.consensus.evidence.EvidenceFile;
import org.peerprobe.node.dns.http.BoundedBody;

/**
 * Where {@code peerprobe verify} reads an evidence file: a local file, or a feed URL. A feed URL
 * names the decision or certificate ({@code …/v1/decisions/{id}} or {@code …/v1/certificates/{id}},
 * with or without {@code /evidence}), so the evidence must be of that id.
 *
 * @param url the evidence URL to fetch, when not a file
 * @param file the file to read, when not a URL
 * @param id the decision or certificate id the URL names
 */
record EvidenceSource(Optional<URI> url, Optional<Path> file, Optional<String> id) {
  /** Most bytes of an error response's body shown. */
  static final int MAX_ERROR_CHARS = 300;

  private static final Pattern FEED_PATH =
      Pattern.compile("(.*/v1/(?:decisions|certificates)/([0-9a-f]{64}))(?:/evidence)?/?");

  /** The source could not be read: a usage or network problem, not a verdict on the evidence. */
  static final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    FetchException(String message) {
      super(message);
    }
  }

  /** What was read: the bytes, or the size that is over {@link EvidenceFile#MAX_ENCODED_BYTES}. */
  sealed interface Read {
    record Bytes(byte[] bytes) implements Read {}

    record TooLarge(long bytes) implements Read {}
  }

  /** A URL for {@code http:}/{@code https:}, else a file path. */
  static EvidenceSource parse(String source) throws FetchException {
    if (!source.startsWith("http://") && !source.startsWith("https://")) {
      return new EvidenceSource(Optional.empty(), Optional.of(Path.of(source)), Optional.empty());
    }
    URI uri;
    try {
      uri = new URI(source);
    } catch (URISyntaxException e) {
      throw new FetchException("not a URL: " + e.getMessage());
    }
    Matcher m = FEED_PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getHost() == null || !m.matches()) {
      throw new FetchException(
          source
              + " is not a feed URL of a decision or certificate: expected"
              + " http(s)://HOST/v1/decisions/ID or http(s)://HOST/v1/certificates/ID"
              + " (optionally ending in /evidence)");
    }
    URI evidence =
        URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + m.group(1) + "/evidence");
    return new EvidenceSource(Optional.of(evidence), Optional.empty(), Optional.of(m.group(2)));
  }

  /** Where the evidence comes from, for messages. */
  String describe() {
    return url.map(URI::toString).orElseGet(() -> file.orElseThrow().toString());
  }

  Read read(Duration timeout) throws FetchException {
    return url.isPresent() ? fetch(url.get(), timeout) : readFile(file.orElseThrow());
  }

  private static Read readFile(Path path) throws FetchException {
    try {
      long size = Files.size(path);
      if (size > EvidenceFile.MAX_ENCODED_BYTES) {
        return new Read.TooLarge(size);
      }
      return new Read.Bytes(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new FetchException("no such file: " + path);
    } catch (IOException e) {
      throw new FetchException("cannot read " + path + ": " + e.getMessage());
    }
  }

  /**
   * GETs {@code uri}: the whole exchange, body included, within {@code timeout}; a body over the
   * limit is cut off as soon as it passes it.
   */
  private static Read fetch(URI uri, Duration timeout) throws FetchException {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").build();
    CompletableFuture<HttpResponse<byte[]>> sent =
        client.sendAsync(request, BoundedBody.handler(EvidenceFile.MAX_ENCODED_BYTES));
    HttpResponse<byte[]> r;
    try {
      r = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw new FetchException("no answer from " + uri + " within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BoundedBody.TooLargeException) {
        return new Read.TooLarge(EvidenceFile.MAX_ENCODED_BYTES + 1L);
      }
      throw new FetchException("cannot fetch " + uri + ": " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while fetching " + uri);
    }
    if (r.statusCode() != 200) {
      byte[] b = r.body();
      String text = printable(java.util.Arrays.copyOf(b, Math.min(b.length, MAX_ERROR_CHARS)));
      throw new FetchException(
          "HTTP " + r.statusCode() + " from " + uri + (text.isBlank() ? "" : ": " + text));
    }
    return new Read.Bytes(r.body());
  }

  /** The server's text with control characters replaced: it must not drive the terminal. */
  private static String printable(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    new String(bytes, StandardCharsets.UTF_8)
        .codePoints()
        .forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString().strip();
  }
}
