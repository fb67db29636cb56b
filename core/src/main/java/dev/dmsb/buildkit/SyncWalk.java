package dev.dmsb.buildkit;

import dev.dmsb.buildkit.proto.fsutil.Stat;
import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  private final Sink sink;
  private final Deque<Entry> pending = new ArrayDeque<>();
  private final Map<Long, String> hardLinks = new HashMap<>();
  private SyncTree tree;
  private IncludePatterns includes;

  private SyncWalk(Sink sink) {
    this.sink = sink;
  }

  /** Walks {@code dir} through the engine's {@code includes}, giving each entry to {@code sink}. */
  static void walk(SyncedDirectory dir, IncludePatterns includes, Sink sink) throws IOException {
    walk(dir, includes, null, sink);
  }

  /**
   * As {@link #walk(SyncedDirectory, IncludePatterns, Sink)}, from the entries {@code ahead} read
   * of the folder if it could (null: read the disk now).
   */
  static void walk(
      SyncedDirectory dir, IncludePatterns includes, SyncTree.ReadAhead ahead, Sink sink)
      throws IOException {
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
    w.includes = includes;
    List<SyncTree.Node> top = null;
    if (ahead != null) {
      try {
        top = ahead.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while the folder was read");
      }
    }
    if (top != null) {
      w.tree = ahead.tree();
    } else {
      w.tree = SyncTree.onDisk(folder);
      top = w.tree.children("", false);
    }
    w.directory("", top, includes.isEverything());
  }

  private void directory(String rel, List<SyncTree.Node> nodes, boolean theirsAll)
      throws IOException {
    Path dir = rel.isEmpty() ? tree.root() : tree.root().resolve(rel);
    for (SyncTree.Node n : nodes) {
      String path = rel.isEmpty() ? n.name() : rel + "/" + n.name();
      SyncFilter.Decision ours = n.ours();
      IncludePatterns.Match theirs = theirsAll ? IncludePatterns.Match.ALL : includes.match(path);
      if (theirs == IncludePatterns.Match.NONE) {
        continue;
      }
      boolean offered =
          (ours == SyncFilter.Decision.ALL || ours == SyncFilter.Decision.INCLUDE)
              && theirs == IncludePatterns.Match.ALL;
      Stat.Builder stat =
          Stat.newBuilder()
              .setPath(path)
              .setMode(GoFileMode.fromPosix(n.stMode()))
              .setModTime(n.modifiedNanos());
      if (n.isDir()) {
        Entry entry = new Entry(stat.build(), null, null);
        List<SyncTree.Node> inside =
            n.children() != null
                ? n.children()
                : tree.children(path, ours == SyncFilter.Decision.ALL);
        if (offered) {
          flushPending();
          sink.accept(entry);
          directory(path, inside, theirs == IncludePatterns.Match.ALL);
        } else {
          pending.addLast(entry);
          directory(path, inside, theirs == IncludePatterns.Match.ALL);
          if (!pending.isEmpty() && pending.peekLast() == entry) {
            pending.removeLast();
          }
        }
      } else if (n.isLink()) {
        if (theirs != IncludePatterns.Match.ALL) {
          continue;
        }
        String target = n.link();
        if (target == null) {
          try {
            target = Files.readSymbolicLink(dir.resolve(n.name())).toString();
          } catch (NoSuchFileException | java.nio.file.NotLinkException e) {
            continue;
          }
        }
        stat.setLinkname(target).setSize(target.getBytes(StandardCharsets.UTF_8).length);
        flushPending();
        sink.accept(new Entry(stat.build(), null, null));
      } else if (offered) {
        String earlier = n.nlink() > 1 ? hardLinks.get(n.ino()) : null;
        if (earlier != null) {
          stat.setLinkname(earlier).setSize(0);
        } else {
          stat.setSize(n.size());
          if (n.nlink() > 1) {
            hardLinks.put(n.ino(), path);
          }
        }
        flushPending();
        sink.accept(new Entry(stat.build(), dir.resolve(n.name()), null));
      }
    }
  }

  private void flushPending() throws IOException {
    while (!pending.isEmpty()) {
      sink.accept(pending.removeFirst());
    }
  }
}
