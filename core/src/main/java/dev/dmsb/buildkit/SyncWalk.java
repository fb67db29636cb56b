package dev.dmsb.buildkit;

import dev.dmsb.buildkit.proto.fsutil.Stat;
import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The entries of a synced directory in the order fsutil's receiver checks: depth first, a folder
 * before what it holds, the names of each folder in UTF-8 byte order. Each entry is a {@link Stat}
 * as fsutil's sender fills it: the path relative to the root with {@code /}, Go mode bits, owner
 * 0:0 (as the docker CLI resets it), size (a link's target length; 0 for folders and hard links),
 * modification time in nanoseconds, a link's target or a hard link's earlier path; no extended
 * attributes. Sockets, fifos and devices are left out, as dmsb's archive leaves them out.
 *
 * <p>A folder that is only on the way to what is offered (a parent of a COPY source, or one that
 * {@code .dockerignore} excludes while an exception keeps something inside) is sent just before the
 * first entry inside it that is, and not at all if none is.
 */
final class SyncWalk {

  /** One entry: a regular file has its {@code file} on disk or its {@code content} in memory. */
  record Entry(Stat stat, Path file, byte[] content) {}

  /** Receives entries in order. */
  @FunctionalInterface
  interface Sink {
    void accept(Entry entry) throws IOException;
  }

  private static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,ino,nlink";

  private final Sink sink;
  private final Deque<Entry> pending = new ArrayDeque<>();
  private final Map<Long, String> hardLinks = new HashMap<>();
  private Path root;
  private SyncFilter filter;
  private IncludePatterns includes;

  private SyncWalk(Sink sink) {
    this.sink = sink;
  }

  /** Walks {@code dir} through the engine's {@code includes}, giving each entry to {@code sink}. */
  static void walk(SyncedDirectory dir, IncludePatterns includes, Sink sink) throws IOException {
    SyncWalk w = new SyncWalk(sink);
    if (dir instanceof SyncedDirectory.Files files) {
      List<SyncedDirectory.MemoryFile> sorted = new ArrayList<>(files.files());
      sorted.sort((a, b) -> Utf8Order.compare(a.name(), b.name()));
      for (SyncedDirectory.MemoryFile f : sorted) {
        byte[] content = f.content();
        Stat stat =
            Stat.newBuilder()
                .setPath(f.name())
                .setMode(f.mode() & 07777)
                .setSize(content.length)
                .setModTime(f.modifiedNanos())
                .build();
        sink.accept(new Entry(stat, null, content));
      }
      return;
    }
    SyncedDirectory.Folder folder = (SyncedDirectory.Folder) dir;
    w.root = folder.root().toRealPath();
    w.filter = folder.filter();
    w.includes = includes;
    w.directory("", false, includes.isEverything());
  }

  private void directory(String rel, boolean oursAll, boolean theirsAll) throws IOException {
    Path dir = rel.isEmpty() ? root : root.resolve(rel);
    for (String name : list(dir)) {
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
      boolean isFile = type == 0100000;
      if (!isDir && !isLink && !isFile) {
        continue;
      }
      SyncFilter.Decision ours =
          oursAll ? SyncFilter.Decision.ALL : filter.decide(path, isDir || isLink);
      IncludePatterns.Match theirs = theirsAll ? IncludePatterns.Match.ALL : includes.match(path);
      if (ours == SyncFilter.Decision.SKIP || theirs == IncludePatterns.Match.NONE) {
        continue;
      }
      boolean offered =
          (ours == SyncFilter.Decision.ALL || ours == SyncFilter.Decision.INCLUDE)
              && theirs == IncludePatterns.Match.ALL;
      Stat.Builder stat =
          Stat.newBuilder()
              .setPath(path)
              .setMode(GoFileMode.fromPosix(stMode))
              .setModTime(((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
      if (isDir) {
        Entry entry = new Entry(stat.build(), null, null);
        if (offered) {
          flushPending();
          sink.accept(entry);
          directory(path, ours == SyncFilter.Decision.ALL, theirs == IncludePatterns.Match.ALL);
        } else {
          pending.addLast(entry);
          directory(path, ours == SyncFilter.Decision.ALL, theirs == IncludePatterns.Match.ALL);
          if (!pending.isEmpty() && pending.peekLast() == entry) {
            pending.removeLast();
          }
        }
      } else if (isLink) {
        if (theirs != IncludePatterns.Match.ALL) {
          continue;
        }
        String target;
        try {
          target = Files.readSymbolicLink(child).toString();
        } catch (NoSuchFileException | java.nio.file.NotLinkException e) {
          continue;
        }
        stat.setLinkname(target).setSize(target.getBytes(StandardCharsets.UTF_8).length);
        flushPending();
        sink.accept(new Entry(stat.build(), null, null));
      } else if (offered) {
        long ino = (Long) a.get("ino");
        int nlink = (Integer) a.get("nlink");
        String earlier = nlink > 1 ? hardLinks.get(ino) : null;
        if (earlier != null) {
          stat.setLinkname(earlier).setSize(0);
        } else {
          stat.setSize((Long) a.get("size"));
          if (nlink > 1) {
            hardLinks.put(ino, path);
          }
        }
        flushPending();
        sink.accept(new Entry(stat.build(), child, null));
      }
    }
  }

  private void flushPending() throws IOException {
    while (!pending.isEmpty()) {
      sink.accept(pending.removeFirst());
    }
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
}
