package dev.dmsb.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Images in an OCI image layout folder ({@code oci:DIR[:REF]}): {@code index.json} names them by
 * {@code org.opencontainers.image.ref.name}, blobs are files under {@code blobs/<alg>/<hex>}, read
 * in place.
 */
public final class OciLayoutSource extends ManifestSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  /** Reads images from the layout in {@code dir}. */
  public OciLayoutSource(Path dir) {
    this(dir, Platform.host());
  }

  /** Reads images from the layout in {@code dir}, picking {@code platform} from an index. */
  public OciLayoutSource(Path dir, Platform platform) {
    super(platform);
    this.dir = dir;
  }

  @Override
  public String address() {
    return "oci:" + dir;
  }

  @Override
  public void ping() throws EngineException {
    if (!Files.isRegularFile(dir.resolve("index.json"))) {
      throw new ImageNotFoundException(
          "", dir + " is not an OCI image layout (it has no index.json); write oci:DIR[:REF]");
    }
  }

  @Override
  protected String describe(String image) {
    return image.isEmpty() ? address() : address() + ":" + image;
  }

  @Override
  protected Found find(String image) throws EngineException, IOException {
    ping();
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    JsonNode top;
    try {
      top = OciIndex.byName(index, image, address());
    } catch (IOException e) {
      throw new ImageNotFoundException(image, e.getMessage());
    }
    String digest = top.path("digest").asText();
    List<String> tags = new ArrayList<>();
    String name = top.path("annotations").path(OciIndex.REF_NAME).asText("");
    if (!name.isEmpty()) {
      tags.add(name);
    }
    return new Found(manifest(image, digest), digest, tags, List.of());
  }

  @Override
  protected JsonNode manifest(String image, String digest) throws EngineException, IOException {
    try (InputStream in = blob(image, digest)) {
      return JSON.readTree(in);
    }
  }

  @Override
  protected InputStream blob(String image, String digest) throws EngineException, IOException {
    Path file = dir.resolve(ArchiveStream.blobPath(digest)).normalize();
    if (!file.startsWith(dir.normalize())) {
      throw new EngineException(address() + ": the digest " + digest + " is not a blob name");
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new EngineException(address() + " lacks blob " + digest + " of " + describe(image));
    }
  }
}
