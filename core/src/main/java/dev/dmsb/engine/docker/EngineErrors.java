package dev.dmsb.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.EngineUnreachableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what the transport throws and what the engine answers into dmsb's exceptions, so that no
 * docker-java type leaves this package and every message names the engine and says what to do.
 */
final class EngineErrors {
  private static final ObjectMapper JSON = EngineJson.MAPPER;

  private EngineErrors() {}

  /** The engine could not be reached (or the connection broke) for this I/O failure. */
  static EngineUnreachableException unreachable(String address, IOException cause) {
    if (cause instanceof SSLException tls) {
      return TlsFailure.of(address, tls); // an engine answered: the certificates are at fault
    }
    return new EngineUnreachableException(
        address,
        "Cannot reach a Docker engine at "
            + address
            + ": "
            + reason(cause)
            + ". Start one (e.g. `sudo dockerd` or `sudo systemctl start docker`), or point"
            + " DOCKER_HOST / --host at a running engine.",
        cause);
  }

  /** The connection to the engine broke while a response was being read. */
  static EngineUnreachableException lost(String address, String during, IOException cause) {
    return new EngineUnreachableException(
        address,
        "Lost the connection to the Docker engine at "
            + address
            + " during "
            + during
            + ": "
            + reason(cause)
            + ". Check that the engine is still running (its log says why it stopped).",
        cause);
  }

  /** The first IOException in the cause chain, or null. */
  static IOException ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** A short, human reason for an I/O failure. */
  static String reason(IOException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    String lower = msg.toLowerCase(Locale.ROOT);
    if (e instanceof NoSuchFileException || lower.contains("no such file")) {
      return "the socket does not exist";
    }
    if (e instanceof ConnectException || lower.contains("connection refused")) {
      return "connection refused";
    }
    if (lower.contains("permission denied")) {
      return "permission denied on the socket (join the docker group or run with sudo)";
    }
    if (e instanceof SocketTimeoutException || lower.contains("timed out")) {
      return "no answer in time (" + msg + ")";
    }
    if (e instanceof UnknownHostException) {
      return "unknown host " + msg;
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (e instanceof SSLException) {
      return "TLS failed (" + msg + "); check the CA certificate and the engine's host name";
    }
    return msg.isEmpty() ? e.getClass().getSimpleName() : msg;
  }

  /**
   * The {@code message} of an engine error body ({@code {"message":"..."}}), found in docker-java's
   * {@code Status 404: {...}} text or in a raw body; {@code fallback} if there is none.
   */
  static String engineMessage(String text, String fallback) {
    if (text == null) {
      return fallback;
    }
    int brace = text.indexOf('{');
    if (brace >= 0) {
      try {
        JsonNode node = JSON.readTree(text.substring(brace));
        if (node != null && node.hasNonNull("message")) {
          return node.get("message").asText();
        }
      } catch (IOException e) {
        // Not JSON: fall through to the text itself.
      }
    }
    String trimmed = text.replaceFirst("^Status \\d+: ", "").trim();
    return trimmed.isEmpty() ? fallback : trimmed;
  }

  /**
   * The engine's message for a build it refused before the stream, from the error body; where the
   * body says nothing (Podman 4.3.1 answers a bad {@code platform} with a bare 400), what the
   * request asked for that an engine may refuse, so the user knows where to look.
   */
  static String buildRefused(byte[] body, int status, BuildRequest request) {
    String fallback = "HTTP status " + status;
    String message = engineMessage(body, status);
    if (!message.equals(fallback)) {
      return message;
    }
    java.util.List<String> asked = new java.util.ArrayList<>();
    if (request.platform() != null) {
      asked.add("--platform \"" + request.platform() + "\"");
    }
    if (request.target() != null) {
      asked.add("--target \"" + request.target() + "\"");
    }
    if (request.network() != null) {
      asked.add("--network \"" + request.network() + "\"");
    }
    if (request.output() != null) {
      asked.add("--output type=" + request.output().type());
    }
    return asked.isEmpty()
        ? fallback + ", and the engine gave no reason"
        : fallback
            + ", and the engine gave no reason; check what the build asked for: "
            + String.join(", ", asked);
  }

  /** The engine's message from an error response body. */
  static String engineMessage(byte[] body, int status) {
    return engineMessage(new String(body, StandardCharsets.UTF_8), "HTTP status " + status);
  }
}
