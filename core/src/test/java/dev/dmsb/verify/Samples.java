package dev.dmsb.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.SizeMeaning;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inspect/history/config JSON recorded from Docker 20.10.24 for the Dockerfiles in {@code
 * samples/<case>/}, built with BuildKit ({@code buildkit-*}) and the legacy builder ({@code
 * legacy-*}) by {@code /usr/bin/docker}.
 */
final class Samples {
  static final String BUSYBOX = "dmsb/busybox:latest";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Samples() {}

  static JsonNode json(String path) {
    try (InputStream in = Samples.class.getResourceAsStream("samples/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + path);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ImageDetails details(String path) {
    JsonNode n = json(path);
    Map<String, String> labels = new LinkedHashMap<>();
    n.path("Config")
        .path("Labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new ImageDetails(
        n.path("Id").asText(),
        strings(n.path("RepoTags")),
        strings(n.path("RepoDigests")),
        n.path("Parent").asText(""),
        n.path("Size").asLong(),
        strings(n.path("RootFS").path("Layers")),
        labels,
        n.path("Os").asText(),
        n.path("Architecture").asText(),
        // as the engine adapter reads it: only the containerd image store has a Descriptor
        n.has("Descriptor") ? SizeMeaning.COMPRESSED : SizeMeaning.UNCOMPRESSED,
        n.has("Descriptor") ? SizeMeaning.DISK_USAGE : SizeMeaning.UNCOMPRESSED);
  }

  /** The history as the port gives it: oldest first (the API answers newest first). */
  static List<HistoryEntry> history(String path) {
    List<HistoryEntry> out = new ArrayList<>();
    for (JsonNode h : json(path)) {
      out.add(
          0,
          new HistoryEntry(
              h.path("Id").asText(),
              h.path("Created").asLong(),
              h.path("CreatedBy").asText(),
              strings(h.path("Tags")),
              h.path("Size").asLong(),
              h.path("Comment").asText("")));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }

  /** An engine holding busybox and the sample {@code name} built by {@code builder}. */
  static FakeEngine engineWith(String name, String builder) {
    return new FakeEngine()
        .add(BUSYBOX, details("busybox/inspect.json"), history("busybox/history.json"))
        .add(
            image(name, builder),
            details(name + "/" + builder + "-inspect.json"),
            history(name + "/" + builder + "-history.json"));
  }

  static String image(String name, String builder) {
    return "sample-" + name + "-" + builder;
  }
}
