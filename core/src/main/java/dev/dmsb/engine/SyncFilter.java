package dev.dmsb.engine;

/**
 * Which entries of a {@link SyncedDirectory.Folder} a build may see: the {@code .dockerignore}
 * rules and the sources the build can use. Paths are relative to the folder, {@code /}-separated.
 */
@FunctionalInterface
public interface SyncFilter {

  /** What to do with an entry. */
  enum Decision {
    /** Offer it, and for a folder everything inside without asking again. */
    ALL,
    /** Offer it; a folder's entries are decided one by one. */
    INCLUDE,
    /** Offer a folder only for the entries inside that are offered; decide those one by one. */
    DESCEND,
    /** Leave it out (a folder with everything inside). */
    SKIP
  }

  /** The decision for {@code path}, which is a folder (or a link to one) when {@code folder}. */
  Decision decide(String path, boolean folder);

  /** Everything. */
  static SyncFilter everything() {
    return (path, folder) -> Decision.ALL;
  }
}
