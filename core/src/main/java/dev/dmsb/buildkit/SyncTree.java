package dev.dmsb.buildkit;

import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The entries of a synced folder that dmsb's own filter lets through ({@code .dockerignore}, the
 * sources of the reachable COPY/ADD), read from disk: each folder's entries in UTF-8 byte order,
 * with what fsutil's stat needs. A tree can be read ahead of the engine's request ({@link
 * #readAhead}), while the build request is still on its way, so that the request is answered from
 * memory; or read one folder at a time as the walk goes ({@link #children} with no tree).
 */
final class SyncTree {
  /** Above this many entries a read-ahead gives up (the walk then reads the disk as it goes). */
  static final int MAX_ENTRIES = 100_000;

  private static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,ino,nlink";

  /**
   * One entry: {@code ours} is dmsb's filter's decision for it (never SKIP); {@code children} are a
   * folder's entries when read ahead, null when they are to be read from disk.
   */
  record Node(
      String name,
      int stMode,
      long size,
      long modifiedNanos,
      long ino,
      int nlink,
      String link,
      SyncFilter.Decision ours,
      List<Node> children) {
    boolean isDir() {
      return (stMode & 0170000) == 0040000;
    }

    boolean isLink() {
      return (stMode & 0170000) == 0120000;
    }
  }

  private final Path root;
  private final SyncFilter filter;
  private final int maxEntries;
  private int entries;

  private SyncTree(Path root, SyncFilter filter, int maxEntries) {
    this.root = root;
    this.filter = filter;
    this.maxEntries = maxEntries;
  }

  /** For a walk that reads each folder when it gets there. */
  static SyncTree onDisk(SyncedDirectory.Folder folder) throws IOException {
    return new SyncTree(folder.root().toRealPath(), folder.filter(), MAX_ENTRIES);
  }

  Path root() {
    return root;
  }

  /** The read-ahead of a folder, begun on a thread of its own. */
  static final class ReadAhead {
    private final Thread thread;
    private volatile List<Node> top;
    private volatile SyncTree tree;

    private ReadAhead(SyncedDirectory.Folder folder, int maxEntries) {
      thread =
          new Thread(
              () -> {
                try {
                  SyncTree t =
                      new SyncTree(folder.root().toRealPath(), folder.filter(), maxEntries);
                  top = t.read("", false, true);
                  tree = t;
                } catch (IOException | RuntimeException | TooMany e) {
                  // the walk reads the disk itself, and meets the same error there if it lasts
                }
              },
              "dmsb-session-read-" + folder.name());
      thread.setDaemon(true);
      thread.start();
    }

    /** The folder's top-level entries read ahead, or null when the walk must read the disk. */
    List<Node> await() throws InterruptedException {
      thread.join();
      return top;
    }

    /** The tree the entries were read through (its root), once {@link #await} gave entries. */
    SyncTree tree() {
      return tree;
    }
  }

  static ReadAhead readAhead(SyncedDirectory.Folder folder) {
    return readAhead(folder, MAX_ENTRIES);
  }

  /** As {@link #readAhead(SyncedDirectory.Folder)}, giving up above {@code maxEntries}. */
  static ReadAhead readAhead(SyncedDirectory.Folder folder, int maxEntries) {
    return new ReadAhead(folder, maxEntries);
  }

  /**
   * The entries of the folder {@code rel} that dmsb's filter keeps (every one when {@code oursAll}:
   * a folder above said ALL), read now; a link's target is read when the walk needs it.
   */
  List<Node> children(String rel, boolean oursAll) throws IOException {
    try {
      return read(rel, oursAll, false);
    } catch (TooMany e) {
      throw new IllegalStateException("only a read-ahead counts its entries", e);
    }
  }

  private List<Node> read(String rel, boolean oursAll, boolean deep) throws IOException, TooMany {
    Path dir = rel.isEmpty() ? root : root.resolve(rel);
    List<String> names = list(dir);
    List<Node> out = new ArrayList<>(names.size());
    for (String name : names) {
      String path = rel.isEmpty() ? name : rel + "/" + name;
      Path child = dir.resolve(name);
      Map<String, Object> a;
      try {
        a = Files.readAttributes(child, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        continue; // removed since the folder was listed
      }
      int stMode = (Integer) a.get("mode");
      int type = stMode & 0170000;
      boolean isDir = type == 0040000;
      boolean isLink = type == 0120000;
      if (!isDir && !isLink && type != 0100000) {
        continue; // sockets, fifos and devices are not sent
      }
      SyncFilter.Decision ours =
          oursAll ? SyncFilter.Decision.ALL : filter.decide(path, isDir || isLink);
      if (ours == SyncFilter.Decision.SKIP) {
        continue;
      }
      String link = null;
      if (isLink && deep) {
        try {
          link = Files.readSymbolicLink(child).toString();
        } catch (NoSuchFileException | NotLinkException e) {
          continue;
        }
      }
      if (deep && ++entries > maxEntries) {
        throw new TooMany();
      }
      List<Node> children =
          isDir && deep ? read(path, ours == SyncFilter.Decision.ALL, true) : null;
      out.add(
          new Node(
              name,
              stMode,
              (Long) a.get("size"),
              ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
              (Long) a.get("ino"),
              (Integer) a.get("nlink"),
              link,
              ours,
              children));
    }
    return out;
  }

  private static List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    names.sort(Utf8Order.NAMES);
    return names;
  }

  /** A read-ahead that met more entries than it may hold. */
  private static final class TooMany extends Exception {
    private static final long serialVersionUID = 1L;

    TooMany() {
      super(null, null, false, false);
    }
  }
}
