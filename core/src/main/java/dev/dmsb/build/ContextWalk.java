package dev.dmsb.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One pass of a {@link ContextStream} over its folder: what the walk writes to the tar, in the
 * docker CLI's order, and what it counted.
 */
final class ContextWalk {
  private record PendingDir(String name, int mode, long mtime) {}

  private final Path root;
  private final DockerIgnore ignore;
  private final ContextSelection selection;
  private final boolean measure;
  private final ContextFiles files;
  private final String first;
  private final ArchiveDockerignore dockerignore;
  final TarWriter tar;
  private final Deque<PendingDir> pending = new ArrayDeque<>();
  long entries;
  long fileBytes;
  long seen;
  private String written; // the file written first, skipped where the walk meets it
  boolean ignoreWritten; // the archive's .dockerignore, when it names the Dockerfile

  /**
   * @param first the context file written before the others, or null
   * @param dockerignore the archive's {@code .dockerignore} that names the Dockerfile, or null
   */
  ContextWalk(
      Path root,
      DockerIgnore ignore,
      ContextSelection selection,
      boolean measure,
      ContextFiles files,
      String first,
      ArchiveDockerignore dockerignore,
      TarWriter tar) {
    this.root = root;
    this.ignore = ignore;
    this.selection = selection;
    this.measure = measure;
    this.files = files;
    this.first = first;
    this.dockerignore = dockerignore;
    this.tar = tar;
  }

  void writeFolder() throws IOException {
    Map<String, Object> a = attributes(root);
    long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
    tar.directory(".", ((Integer) a.get("mode")) & 07777, mtime);
    entries++;
  }

  void writeFirst() throws IOException {
    if (first == null) {
      return;
    }
    Path p = root.resolve(first);
    Map<String, Object> a;
    try {
      a = attributes(p);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!(Boolean) a.get("isRegularFile")) {
      return;
    }
    int mode = ((Integer) a.get("mode")) & 07777;
    long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
    long before = entries;
    file(p, first, mode, mtime, (Long) a.get("size"));
    if (entries > before) {
      written = first;
    }
  }

  /**
   * Walks the folder {@code rel} ("" for the root). {@code sending}: everything inside is sent (the
   * folder itself matched a source); otherwise each child is decided on its own.
   */
  void directory(String rel, boolean sending) throws IOException {
    Path dir = rel.isEmpty() ? root : root.resolve(rel);
    List<Path> children = list(dir);
    for (Path child : children) {
      String name = child.getFileName().toString();
      String path = rel.isEmpty() ? name : rel + "/" + name;
      Map<String, Object> a;
      try {
        a = attributes(child);
      } catch (NoSuchFileException e) {
        continue; // removed since the folder was listed
      }
      boolean isDir = (Boolean) a.get("isDirectory");
      boolean isLink = (Boolean) a.get("isSymbolicLink");
      boolean isFile = (Boolean) a.get("isRegularFile");
      if (!isDir && !isLink && !isFile) {
        continue; // sockets, fifos, devices: the daemon can't use them
      }
      if (ignore.excludes(path)) {
        if (isDir && ignore.mayKeepInside(path)) {
          // Walked for the files an exception keeps; the folder itself gets no header, as
          // with the docker CLI, and is not pushed as a pending parent.
          directory(path, sending);
        }
        continue;
      }
      ContextSelection.Decision d =
          sending
              ? ContextSelection.Decision.INCLUDE
              // A link on the way to a source is needed: the engine resolves through it.
              : selection.decide(path, isDir || isLink);
      if (d == ContextSelection.Decision.SKIP && !(measure && isDir)) {
        if (measure && isFile) {
          seen += (Long) a.get("size");
        }
        continue;
      }
      int mode = ((Integer) a.get("mode")) & 07777;
      long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
      if (isFile) {
        long size = (Long) a.get("size");
        seen += size;
        if (d == ContextSelection.Decision.INCLUDE) {
          if (path.equals(written)) {
            flushPending(); // its folders' headers come where the CLI writes them
          } else {
            file(child, path, mode, mtime, size);
          }
        }
      } else if (isLink) {
        if (d != ContextSelection.Decision.SKIP) {
          String target = linkTarget(child, path);
          if (target != null) {
            flushPending();
            tar.symlink(path, target, mode, mtime);
            entries++;
          }
        }
      } else {
        if (d == ContextSelection.Decision.INCLUDE) {
          flushPending();
          tar.directory(path, mode, mtime);
          entries++;
          directory(path, true);
        } else {
          boolean header = d == ContextSelection.Decision.DESCEND;
          if (header) {
            pending.addLast(new PendingDir(path, mode, mtime));
          }
          directory(path, false);
          if (header && !pending.isEmpty() && pending.peekLast().name().equals(path)) {
            pending.removeLast();
          }
        }
      }
    }
  }

  private void file(Path child, String path, int mode, long mtime, long size) throws IOException {
    InputStream in;
    try {
      in = files.open(child);
    } catch (NoSuchFileException e) {
      return; // removed while walking: as if it was never there
    } catch (IOException e) {
      throw ContextReads.unreadable(child, "context file " + path, "read", e);
    }
    try (InputStream content = ContextReads.naming(in, child, path)) {
      flushPending();
      if (dockerignore != null && path.equals(ArchiveDockerignore.PATH)) {
        byte[] text = dockerignore.appendedTo(content.readAllBytes());
        tar.file(path, mode, mtime, text);
        ignoreWritten = true;
        size = text.length;
      } else {
        tar.file(path, mode, mtime, size, content);
      }
      entries++;
      fileBytes += size;
    } catch (ContextStream.ContextFileException e) {
      throw e;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("became shorter")) {
        throw new ContextStream.ContextFileException(child, "context file " + e.getMessage(), e);
      }
      throw e; // writing to the engine failed, not reading the file
    }
  }

  private void flushPending() throws IOException {
    while (!pending.isEmpty()) {
      PendingDir p = pending.removeFirst();
      tar.directory(p.name(), p.mode(), p.mtime());
      entries++;
    }
  }

  /** The folder's entries in name order; none if it vanished since its parent was listed. */
  private List<Path> list(Path dir) throws IOException {
    List<Path> children;
    try {
      children = new ArrayList<>(files.list(dir));
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of(); // removed (or replaced by a file) while walking
    } catch (IOException e) {
      throw ContextReads.unreadable(dir, "context folder " + relative(dir), "read", e);
    }
    children.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
    return children;
  }

  /**
   * The entry's attributes.
   *
   * @throws NoSuchFileException if it vanished since its folder was listed
   */
  private Map<String, Object> attributes(Path p) throws IOException {
    try {
      return files.attributes(p);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw ContextReads.unreadable(p, "context file " + relative(p), "examined", e);
    }
  }

  /** The link's target, or null if it vanished (or stopped being a link) since it was seen. */
  private String linkTarget(Path link, String path) throws IOException {
    try {
      return files.readLink(link).toString();
    } catch (NoSuchFileException | NotLinkException e) {
      return null;
    } catch (IOException e) {
      throw ContextReads.unreadable(link, "context link " + path, "read", e);
    }
  }

  private String relative(Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }
}
