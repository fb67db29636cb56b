package dev.dmsb.engine.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildEventListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the engine's JSON message stream ({@code POST /build}, {@code POST /images/create}): one
 * JSON object after another ({@code stream}, {@code status} with {@code progressDetail}, {@code
 * aux}, {@code errorDetail}/{@code error}) and turns each into {@link BuildEvent}s. BuildKit's
 * {@code moby.buildkit.trace} aux (a base64 protobuf) is decoded by {@link BuildkitTrace}. Keeps
 * the last image ID (the legacy builder names one per stage; the last counts; BuildKit names it
 * once under {@code moby.image.id}) and the first error.
 */
final class BuildStreamParser {
  private static final ObjectMapper JSON = EngineJson.MAPPER;
  private static final String TRACE = "moby.buildkit.trace";

  private final BuildEventListener listener;
  private String imageId;
  private String error;
  private int messages;

  BuildStreamParser(BuildEventListener listener) {
    this.listener = listener;
  }

  /** Reads messages until the stream ends. */
  void readAll(InputStream body) throws IOException {
    // Messages are newline-separated in practice, but Go's decoder does not need that: read
    // consecutive root values, which handles both and delivers each as soon as it is complete.
    try (MappingIterator<JsonNode> it =
        JSON.readerFor(JsonNode.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .readValues(body)) {
      while (it.hasNextValue()) {
        accept(it.nextValue());
      }
    } catch (RuntimeException e) {
      // MappingIterator wraps IO and syntax errors in unchecked exceptions.
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  /** Handles one message. */
  void accept(JsonNode message) throws IOException {
    messages++;
    JsonNode errorDetail = message.get("errorDetail");
    JsonNode errorText = message.get("error");
    if (errorDetail != null || errorText != null) {
      String text = errorDetail != null ? textOf(errorDetail, "message") : null;
      if (text == null && errorText != null) {
        text = errorText.asText();
      }
      if (error == null) {
        error = text == null ? "the engine reported an unspecified error" : text;
      }
      listener.on(new BuildEvent.Error(text));
      return;
    }
    String id = textOf(message, "id");
    JsonNode aux = message.get("aux");
    if (aux != null && !aux.isNull()) {
      if (TRACE.equals(id) && aux.isTextual()) {
        byte[] payload;
        try {
          payload = Base64.getDecoder().decode(aux.asText());
        } catch (IllegalArgumentException e) {
          throw new IOException("a moby.buildkit.trace message is not base64: " + e.getMessage());
        }
        for (BuildEvent event : BuildkitTrace.decode(payload)) {
          listener.on(event);
        }
      } else if (aux.isObject() && textOf(aux, "ID") != null) {
        imageId = textOf(aux, "ID");
        listener.on(new BuildEvent.ImageId(imageId));
      }
      return;
    }
    String stream = textOf(message, "stream");
    if (stream != null) {
      listener.on(new BuildEvent.Text(stream));
      return;
    }
    String status = textOf(message, "status");
    if (status != null) {
      JsonNode progress = message.path("progressDetail");
      listener.on(
          new BuildEvent.Status(
              id, status, progress.path("current").asLong(0), progress.path("total").asLong(0)));
    }
  }

  /** The last image ID the engine named. */
  Optional<String> imageId() {
    return Optional.ofNullable(imageId);
  }

  /** The first error the engine reported in the stream. */
  Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** How many messages were read. */
  int messages() {
    return messages;
  }

  private static String textOf(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
