package dev.dmsb.build;

import dev.dmsb.build.ContextStream.ContextFileException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * How reading the context fails, for {@link ContextStream}: every failure names what could not be
 * read, why, and what to do, and is told apart from a failed write to the engine.
 */
final class ContextReads {
  private ContextReads() {}

  /**
   * {@code in}, the content of {@code file} ({@code path} in the context), naming it on failure.
   */
  static InputStream naming(InputStream in, Path file, String path) {
    return new FileContent(in, file, path);
  }

  /**
   * The failure of reading {@code file}: {@code what} (e.g. {@code context file a/b}) can't be
   * {@code verb}, why, and what to do.
   */
  static ContextFileException unreadable(Path file, String what, String verb, IOException e) {
    String why =
        e instanceof AccessDeniedException
            ? "permission denied"
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new ContextFileException(
        file,
        what
            + " can't be "
            + verb
            + " ("
            + why
            + "); fix its permissions or add it to .dockerignore",
        e);
  }

  /**
   * A context file's content: a failed read names the file, so it is told apart from a failed write
   * to the engine. The tar header is already out by then, so the build can only stop.
   */
  private static final class FileContent extends FilterInputStream {
    private final Path file;
    private final String path;

    FileContent(InputStream in, Path file, String path) {
      super(in);
      this.file = file;
      this.path = path;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw unreadable(file, "context file " + path, "read", e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw unreadable(file, "context file " + path, "read", e);
      }
    }
  }
}
