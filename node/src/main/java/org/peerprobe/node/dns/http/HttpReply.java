package org.peerprobe.node.dns.http;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A response whose body was read in full (at most {@link ProviderHttp#MAX_BODY_BYTES}).
 *
 * @param method the request's method, for messages
 * @param path the request's path, for messages (never a credential: those travel in headers)
 */
public record HttpReply(String method, String path, int status, HttpHeaders headers, byte[] body) {
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
