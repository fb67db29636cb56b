package dev.dmsb.buildkit.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The {@code index.json} (and {@code oci-layout}) of an OCI image layout folder, as BuildKit's
 * client keeps them for a cache folder: a tag names a manifest by the annotation {@code
 * org.opencontainers.image.ref.name}, and putting a tag replaces the entry that had it. Updates
 * hold {@code index.json.lock} (the lock file BuildKit's client uses, removed afterwards) and
 * replace the index by an atomic rename, so readers never see half of one and concurrent builds
 * into the same folder keep each other's tags.
 */
public final class LayoutIndex {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String IMAGE_NAME = "io.containerd.image.name";
  static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LOCK_WAIT_MILLIS = 60_000;

  /** The in-process locks of the lock files, by path. */
  private static final java.util.concurrent.ConcurrentMap<
          Path, java.util.concurrent.locks.ReentrantLock>
      IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

  private final Path root;

  /** The index of the layout folder {@code root}. */
  public LayoutIndex(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * The manifest a tag names: by its containerd image name first, then by its OCI ref name, as
   * BuildKit's client looks it up; empty when the folder has no index or the index no such tag.
   *
   * @throws IOException when the index cannot be read or is not JSON
   */
  public Optional<JsonNode> get(String tag) throws IOException {
    JsonNode index;
    try {
      index = JSON.readTree(Files.readString(root.resolve("index.json"), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (JsonProcessingException e) {
      throw new IOException(root.resolve("index.json") + " is not JSON: " + e.getOriginalMessage());
    }
    for (String key : new String[] {IMAGE_NAME, REF_NAME}) {
      for (JsonNode m : index.path("manifests")) {
        if (tag.equals(m.path("annotations").path(key).asText(null))) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Names {@code descriptor} (a JSON object with {@code mediaType}, {@code digest}, {@code size})
   * by {@code tag}, dropping the entry that had the tag, and writes {@code oci-layout}.
   */
  public void put(JsonNode descriptor, String tag) throws IOException {
    put(descriptor, null, tag);
  }

  /**
   * Names {@code descriptor} by an image name ({@code io.containerd.image.name}) and its tag as the
   * OCI ref name, as BuildKit's client does for an image written into a layout folder; the entry
   * with the same two names goes.
   */
  public void putImage(JsonNode descriptor, String imageName) throws IOException {
    put(descriptor, imageName, referenceName(imageName));
  }

  /**
   * The OCI ref name of an image name, as containerd's reference parser gives its object: what
   * follows the host's path from its first {@code :} (the tag, and a digest) or {@code @} (a
   * digest, kept with its {@code @}), empty when the name has neither; a name without a path
   * (without {@code /}) is kept whole.
   */
  static String referenceName(String name) {
    int slash = name.indexOf('/');
    if (slash < 0 || name.contains("://")) {
      return name;
    }
    String path = name.substring(slash);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == ':') {
        return path.substring(i + 1);
      }
      if (c == '@') {
        return path.substring(i);
      }
    }
    return "";
  }

  private void put(JsonNode descriptor, String imageName, String tag) throws IOException {
    if (!descriptor.isObject() || !descriptor.path("digest").isTextual()) {
      throw new IOException("not a descriptor: " + descriptor);
    }
    Files.createDirectories(root);
    try (Locked ignored = lock()) {
      Files.writeString(
          root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
      Path file = root.resolve("index.json");
      ObjectNode index;
      try {
        JsonNode read = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        if (read == null || !read.isObject()) {
          throw new IOException(file + " is not a JSON object");
        }
        index = (ObjectNode) read;
      } catch (NoSuchFileException e) {
        index = JSON.createObjectNode();
      } catch (JsonProcessingException e) {
        throw new IOException(file + " is not JSON: " + e.getOriginalMessage());
      }
      if (index.path("schemaVersion").asInt(0) == 0) {
        index.put("schemaVersion", 2);
      }
      if (index.path("mediaType").asText("").isEmpty()) {
        index.put("mediaType", INDEX_MEDIA_TYPE);
      }
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode m : index.path("manifests")) {
        JsonNode a = m.path("annotations");
        boolean same =
            tag.equals(a.path(REF_NAME).asText(null))
                && (imageName == null
                    ? a.path(IMAGE_NAME).isMissingNode()
                    : imageName.equals(a.path(IMAGE_NAME).asText(null)));
        if (!same) {
          kept.add(m);
        }
      }
      ObjectNode entry = descriptor.deepCopy();
      ObjectNode annotations =
          entry.path("annotations").isObject()
              ? (ObjectNode) entry.get("annotations")
              : entry.putObject("annotations");
      if (imageName != null) {
        annotations.put(IMAGE_NAME, imageName);
      }
      annotations.put(REF_NAME, tag);
      kept.add(entry);
      index.set("manifests", kept);
      Path tmp = Files.createTempFile(root, ".index.json.", ".tmp");
      try {
        Files.write(tmp, JSON.writeValueAsBytes(index));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Takes {@code index.json.lock}. Builds in this JVM wait for each other on a lock of their own,
   * up to a minute: the JDK refuses a second lock on a file this JVM holds, so a file lock cannot
   * be waited for here. Other processes (BuildKit's client) are waited for on the file lock itself,
   * as they wait for each other. A holder removes the file as it lets go, so the file locked must
   * still be the one at the path: the path's inode before opening and after locking must be the
   * same.
   */
  private Locked lock() throws IOException {
    Path path = root.resolve("index.json.lock");
    java.util.concurrent.locks.ReentrantLock inProcess =
        IN_PROCESS.computeIfAbsent(
            path.toAbsolutePath().normalize(), p -> new java.util.concurrent.locks.ReentrantLock());
    try {
      if (!inProcess.tryLock(LOCK_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new IOException(
            "could not lock "
                + path
                + ": another build has held it for a minute; remove it if no build writes to "
                + root);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for " + path);
    }
    try {
      while (true) {
        Object before = inode(path);
        FileChannel channel =
            FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.lock();
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        if (before != null && before.equals(inode(path))) {
          return new Locked(path, channel, lock, inProcess);
        }
        // created here, or removed by its holder as it let go: lock the file now at the path
        lock.release();
        channel.close();
      }
    } catch (IOException | RuntimeException e) {
      inProcess.unlock();
      throw e;
    }
  }

  private static Object inode(Path path) throws IOException {
    try {
      return Files.readAttributes(path, "unix:ino").get("ino");
    } catch (NoSuchFileException e) {
      return null;
    } catch (UnsupportedOperationException e) {
      return "no inodes"; // not a POSIX file system: the lock alone
    }
  }

  /** The lock held: removes the lock file, then lets go. */
  private record Locked(
      Path path,
      FileChannel channel,
      FileLock lock,
      java.util.concurrent.locks.ReentrantLock inProcess)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        Files.deleteIfExists(path);
      } finally {
        try {
          lock.release();
          channel.close();
        } finally {
          inProcess.unlock();
        }
      }
    }
  }
}
