package dev.dmsb.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A directory a BuildKit session offers the engine by name ({@code context}, {@code dockerfile}): a
 * folder on disk seen through a filter, or a few files held in memory (a Dockerfile read from stdin
 * or rewritten by dmsb).
 */
public sealed interface SyncedDirectory {

  /** The name the engine asks for ({@code dir-name}). */
  String name();

  /** A folder on disk; what the engine may see of it is decided by {@code filter}. */
  record Folder(String name, Path root, SyncFilter filter) implements SyncedDirectory {
    public Folder {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(filter, "filter");
    }
  }

  /** Files held in memory, at the directory's top level. */
  record Files(String name, List<MemoryFile> files) implements SyncedDirectory {
    public Files {
      files = List.copyOf(files);
    }
  }

  /**
   * One file held in memory.
   *
   * @param name its name (no {@code /})
   * @param content its bytes
   * @param mode permission bits ({@code 0644})
   * @param modifiedNanos modification time in nanoseconds since the epoch: the engine keeps its
   *     copy of a file whose size and time did not change, so a new content needs a new time
   */
  record MemoryFile(String name, byte[] content, int mode, long modifiedNanos) {
    public MemoryFile {
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }
  }
}
