package dev.dmsb.build;

import dev.dmsb.engine.BuildContextWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    ContextWalk walk =
        new ContextWalk(
            root,
            ignore,
            selection,
            measure,
            files,
            add.first(),
            add.dockerignore(),
            new TarWriter(out));
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
}
