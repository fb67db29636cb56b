package dev.dmsb.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.SizeMeaning;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/{name}/json}, {@code GET /images/{name}/history} and {@code DELETE
 * /images/{name}} as raw requests whose answers are read as JSON trees.
 *
 * <p>docker-java's typed commands would do the same, but they bring its whole client (command
 * factories, a bean mapping of every response type) into a command-line run that needs a few
 * fields: reading the tree is what keeps {@code dmsb verify} quick to start.
 */
final class ImageRequests {
  private final String address;
  private final DockerHttpClient http;

  ImageRequests(String address, DockerHttpClient http) {
    this.address = address;
    this.http = http;
  }

  ImageDetails inspect(String image) throws EngineException {
    JsonNode r = getJson("/images/" + BuildQuery.imagePath(image) + "/json", image, "Inspecting ");
    Map<String, String> labels = new LinkedHashMap<>();
    r.path("Config")
        .path("Labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    // Only the containerd image store describes the image's target (API 1.48+: "Descriptor");
    // there Size counts the packed, compressed blobs and the history a snapshot's disk usage.
    boolean containerdStore = r.path("Descriptor").has("digest");
    return new ImageDetails(
        r.path("Id").asText(""),
        strings(r.path("RepoTags")),
        strings(r.path("RepoDigests")),
        r.path("Parent").asText(""),
        r.path("Size").asLong(0),
        strings(r.path("RootFS").path("Layers")),
        labels,
        r.path("Os").asText(""),
        r.path("Architecture").asText(""),
        containerdStore ? SizeMeaning.COMPRESSED : SizeMeaning.UNCOMPRESSED,
        containerdStore ? SizeMeaning.DISK_USAGE : SizeMeaning.UNCOMPRESSED,
        r.path("Variant").asText(""),
        strings(r.path("Config").path("Env")),
        strings(r.path("Config").path("Shell")),
        strings(r.path("Config").path("OnBuild")));
  }

  /** The history, oldest first (the engine answers newest first). */
  List<HistoryEntry> history(String image) throws EngineException {
    JsonNode items =
        getJson(
            "/images/" + BuildQuery.imagePath(image) + "/history",
            image,
            "Reading the history of ");
    List<HistoryEntry> entries = new ArrayList<>();
    for (int i = items.size() - 1; i >= 0; i--) {
      JsonNode h = items.get(i);
      entries.add(
          new HistoryEntry(
              historyId(h.path("Id").asText("")),
              h.path("Created").asLong(0),
              h.path("CreatedBy").asText(""),
              strings(h.path("Tags")),
              h.path("Size").asLong(0),
              h.path("Comment").asText("")));
    }
    return entries;
  }

  /**
   * A history entry's image ID as Docker writes it: Podman 4.3 gives bare hex ({@code 7007…}) and
   * Podman 4.6+ {@code sha256:<missing>}; both become Docker's {@code sha256:7007…} and {@code
   * <missing>}.
   */
  static String historyId(String id) {
    if (id.equals("sha256:<missing>")) {
      return "<missing>";
    }
    return id.matches("[0-9a-f]{64}") ? "sha256:" + id : id;
  }

  /** Removes an image; one that is already gone is not an error. */
  void remove(String image, boolean force) throws EngineException {
    Request request =
        Request.builder()
            .method(Request.Method.DELETE)
            .path("/images/" + BuildQuery.imagePath(image) + (force ? "?force=1" : ""))
            .build();
    try (Response response = DockerEngine.send(address, http, request)) {
      int status = response.getStatusCode();
      byte[] body = DockerEngine.readSome(response.getBody());
      if (status != 200 && status != 404) {
        throw new EngineException(
            "Removing " + image + " failed: " + EngineErrors.engineMessage(body, status));
      }
    }
  }

  private JsonNode getJson(String path, String image, String what) throws EngineException {
    Request request = Request.builder().method(Request.Method.GET).path(path).build();
    try (Response response = DockerEngine.send(address, http, request)) {
      int status = response.getStatusCode();
      if (status == 404) {
        throw new ImageNotFoundException(
            image,
            EngineErrors.engineMessage(
                new String(DockerEngine.readSome(response.getBody())), "No such image: " + image));
      }
      if (status != 200) {
        throw new EngineException(
            what
                + image
                + " failed: "
                + EngineErrors.engineMessage(DockerEngine.readSome(response.getBody()), status));
      }
      try (InputStream body = response.getBody()) {
        return EngineJson.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new EngineException(
            what + image + ": the engine at " + address + " sent an unreadable answer: " + e, e);
      }
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) {
      if (item.isTextual()) {
        out.add(item.asText());
      }
    }
    return out;
  }
}
