package dev.dmsb.build;

import dev.dmsb.engine.BuildContextWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
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
import java.util.Objects;

/**
 * Writes a build context folder as an uncompressed tar while walking it, the way the docker CLI
 * archives it: regular files with their modes, folders, symlinks stored as links (never followed),
 * owner 0:0, names relative with {@code /}, in name order. Sockets, fifos and devices are skipped.
 * Folders that {@code .dockerignore} excludes are not walked unless an exception rule may keep
 * something inside. Memory use is one fixed copy buffer and the current path, whatever the size.
 *
 * <p>The archive starts with a plain ustar header, never a PAX one: BuildKit in the 20.10 engine
 * decides whether the body is a tar from its first 1024 bytes, which a PAX header (two blocks)
 * fills. The first entry is an {@linkplain #withExtraFile extra file} if there is one, else the
 * {@linkplain #withFolderFirst context folder's own header}, else the {@linkplain #withFirst file
 * named first} (the Dockerfile), else the first in name order.
 *
 * <p>A file that can't be read ends the stream with a {@link ContextFileException} naming it; the
 * same failure is kept in {@link #failure()} for callers whose transport wraps the exception. A
 * file or folder that vanishes between being listed and being read is left out, as the docker CLI's
 * archiver leaves out what it can no longer find.
 */
public final class ContextStream implements BuildContextWriter {

  /** A context file could not be read while it was sent. */
  public static final class ContextFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    ContextFileException(Path file, String message, Throwable cause) {
      super(message, cause);
      this.file = file;
    }

    /** The file that failed. */
    public Path file() {
      return file;
    }
  }

  private record Extra(String name, byte[] content) {}

  /**
   * What the archive holds besides the walk: extra files (first), whether the context folder's own
   * header opens it, the context file written before the others, and the {@code .dockerignore} that
   * names the Dockerfile.
   */
  private record Additions(
      List<Extra> extras, boolean folderFirst, String first, ArchiveDockerignore dockerignore) {}

  private record PendingDir(String name, int mode, long mtime) {}

  private final Path root;
  private final DockerIgnore ignore;
  private final ContextSelection selection;
  private final boolean measure;
  private final Additions add;

  private volatile ContextStats stats = new ContextStats(0, 0, 0, -1);
  private volatile ContextFileException failure;
  private ContextFiles files = ContextFiles.SYSTEM;

  private ContextStream(
      Path root, DockerIgnore ignore, ContextSelection selection, boolean measure, Additions add) {
    this.root = root;
    this.ignore = ignore;
    this.selection = selection;
    this.measure = measure;
    this.add = add;
  }

  private ContextStream with(Additions more) {
    return new ContextStream(root, ignore, selection, measure, more);
  }

  /**
   * A context stream.
   *
   * @param root the context folder
   * @param ignore the ignore rules ({@link DockerIgnore#none()} for none)
   * @param alwaysSent paths relative to {@code root} sent even if ignored or pruned: the Dockerfile
   *     and the ignore file when they are inside the context
   * @param selection everything, or the sources a build can use
   * @param measureWholeContext when pruning, also walk what is not sent to report the context size
   */
  public static ContextStream of(
      Path root,
      DockerIgnore ignore,
      List<String> alwaysSent,
      ContextSelection selection,
      boolean measureWholeContext)
      throws ContextException {
    Objects.requireNonNull(root, "root");
    if (!Files.isDirectory(root)) {
      throw new ContextException(
          "build context " + root + " is not a folder; give the folder that holds your files");
    }
    DockerIgnore rules = ignore;
    for (String p : alwaysSent) {
      rules = rules.keeping(GoPath.clean(p));
    }
    ContextSelection sel = selection.plusLiteral(alwaysSent).withSymlinkTargets(root);
    return new ContextStream(
        root,
        rules,
        sel,
        measureWholeContext || sel.isEverything(),
        new Additions(List.of(), false, null, null));
  }

  /**
   * This stream plus a file that is not in the folder (a Dockerfile read from stdin or kept outside
   * the context), written first under {@code name}.
   */
  public ContextStream withExtraFile(String name, byte[] content) {
    List<Extra> more = new ArrayList<>(add.extras());
    more.add(new Extra(name, content.clone()));
    return with(
        new Additions(List.copyOf(more), add.folderFirst(), add.first(), add.dockerignore()));
  }

  /**
   * This stream opening with the context folder's own header ({@code ./}), which is plain ustar
   * whatever the names inside: for a Dockerfile whose path needs a PAX header, sent under that path
   * (a copy under a generated name would be one more file for {@code COPY .} to copy).
   */
  public ContextStream withFolderFirst() {
    return with(new Additions(add.extras(), true, add.first(), add.dockerignore()));
  }

  /**
   * This stream with the archive's {@code .dockerignore} naming {@code dockerfileName}, the
   * {@linkplain #withExtraFile extra file} that holds the Dockerfile, so that the legacy builder
   * leaves it out of the context (see {@link ArchiveDockerignore}).
   */
  ContextStream withDockerfileIgnored(String dockerfileName) {
    ArchiveDockerignore dockerignore = new ArchiveDockerignore(dockerfileName);
    return with(new Additions(add.extras(), add.folderFirst(), add.first(), dockerignore));
  }

  /**
   * This stream with the context file {@code path} (relative, {@code /}-separated; the Dockerfile)
   * written before the others, where it is not written again. Its parent folders keep their place.
   * Has no effect if the file is not a regular file when the stream is written.
   *
   * @throws IllegalArgumentException if {@code path} would need a PAX header (see {@link
   *     #startsPlain}), which must never come first
   */
  public ContextStream withFirst(String path) {
    if (!startsPlain(path)) {
      throw new IllegalArgumentException(
          path + " needs a PAX header, so it can't be the first entry of a context archive");
    }
    return with(new Additions(add.extras(), add.folderFirst(), path, add.dockerignore()));
  }

  /**
   * Whether an entry named {@code path} can open a context archive: its tar header is plain ustar
   * (ASCII, at most 100 bytes or splittable at a slash into 155 + 100), with no PAX header.
   */
  public static boolean startsPlain(String path) {
    return TarWriter.fitsUstar(path);
  }

  /**
   * Makes this stream read the folder through {@code access}, for tests whose files must vanish or
   * fail on cue; call it before {@link #writeTo}.
   */
  ContextStream readingThrough(ContextFiles access) {
    this.files = Objects.requireNonNull(access, "access");
    return this;
  }

  /** What the last {@link #writeTo} sent (or was sending, if it failed). */
  public ContextStats stats() {
    return stats;
  }

  /** The file that made the last {@link #writeTo} fail, or null. */
  public ContextFileException failure() {
    return failure;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    Walk walk = new Walk(new TarWriter(out));
    failure = null;
    try {
      long now = System.currentTimeMillis() / 1000;
      for (Extra e : add.extras()) {
        walk.tar.file(e.name(), 0644, now, e.content());
        walk.entries++;
        walk.fileBytes += e.content().length;
      }
      if (add.folderFirst()) {
        walk.writeFolder();
      }
      walk.writeFirst();
      walk.directory("", false);
      if (add.dockerignore() != null && !walk.ignoreWritten) {
        byte[] alone = add.dockerignore().alone();
        walk.tar.file(ArchiveDockerignore.PATH, ArchiveDockerignore.MODE, now, alone);
        walk.entries++;
        walk.fileBytes += alone.length;
      }
      walk.tar.finish();
    } catch (ContextFileException e) {
      failure = e;
      throw e;
    } finally {
      stats =
          new ContextStats(
              walk.entries, walk.fileBytes, walk.tar.bytesWritten(), measure ? walk.seen : -1);
    }
  }

  /** State of one pass over the folder. */
  private final class Walk {
    final TarWriter tar;
    final Deque<PendingDir> pending = new ArrayDeque<>();
    long entries;
    long fileBytes;
    long seen;
    String written; // the file written first, skipped where the walk meets it
    boolean ignoreWritten; // the archive's .dockerignore, when it names the Dockerfile

    Walk(TarWriter tar) {
      this.tar = tar;
    }

    void writeFolder() throws IOException {
      Map<String, Object> a = attributes(root);
      long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
      tar.directory(".", ((Integer) a.get("mode")) & 07777, mtime);
      entries++;
    }

    void writeFirst() throws IOException {
      String first = add.first();
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
     * Walks the folder {@code rel} ("" for the root). {@code sending}: everything inside is sent
     * (the folder itself matched a source); otherwise each child is decided on its own.
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
        if (add.dockerignore() != null && path.equals(ArchiveDockerignore.PATH)) {
          byte[] text = add.dockerignore().appendedTo(content.readAllBytes());
          tar.file(path, mode, mtime, text);
          ignoreWritten = true;
          size = text.length;
        } else {
          tar.file(path, mode, mtime, size, content);
        }
        entries++;
        fileBytes += size;
      } catch (ContextFileException e) {
        throw e;
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("became shorter")) {
          throw new ContextFileException(child, "context file " + e.getMessage(), e);
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
}
