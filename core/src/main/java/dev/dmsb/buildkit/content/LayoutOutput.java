package dev.dmsb.buildkit.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.BuildOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * An image written into an OCI layout folder ({@code -o type=oci,dest=DIR,tar=false}), as
 * BuildKit's client receives it: the daemon writes the blobs into the content store the session
 * serves under the ID {@code export}, and reports the image's descriptor ({@code
 * containerimage.descriptor}, base64 JSON) and names ({@code image.name}); the client then names
 * the image in the folder's {@code index.json}, by each name, or as {@code latest} without one.
 */
public final class LayoutOutput {
  static final String STORE_ID = "export";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayoutOutput() {}

  /** The store ID and store for an output into a layout folder, if {@code output} is one. */
  public static Optional<Map.Entry<String, LayoutStore>> store(BuildOutput output) {
    if (output == null || !output.layout()) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(STORE_ID, new LayoutStore(output.dest())));
  }

  /** Makes the folder, before the build, as BuildKit's client does. */
  public static void prepare(BuildOutput output) throws IOException {
    if (output != null && output.layout()) {
      Files.createDirectories(output.dest());
    }
  }

  /**
   * Names the image the daemon reported in the folder's {@code index.json}; nothing when {@code
   * output} is no layout folder or the daemon reported no descriptor.
   *
   * @throws IOException when the index cannot be written or the report is not a descriptor
   */
  public static void record(BuildOutput output, Map<String, String> exporterResponse)
      throws IOException {
    String encoded = exporterResponse.get("containerimage.descriptor");
    if (output == null || !output.layout() || encoded == null || encoded.isEmpty()) {
      return;
    }
    JsonNode descriptor;
    try {
      descriptor = JSON.readTree(Base64.getDecoder().decode(encoded));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("the daemon's containerimage.descriptor is not base64 JSON", e);
    }
    LayoutIndex index = new LayoutIndex(output.dest());
    String names = exporterResponse.get("image.name");
    if (names == null || names.isEmpty()) {
      index.put(descriptor, "latest");
      return;
    }
    for (String name : names.split(",")) {
      index.putImage(descriptor, name);
    }
  }
}
