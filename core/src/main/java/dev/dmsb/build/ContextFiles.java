package dev.dmsb.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The file system calls a {@link ContextStream} makes while it walks a context. The walk decides
 * what a failure of each one means (a file that vanished is skipped, one that can't be read stops
 * the build with its name); tests stand in for files that vanish or fail between two calls, which a
 * real folder can't be made to do on cue.
 */
interface ContextFiles {

  /** The entries of {@code dir}, in no particular order. */
  List<Path> list(Path dir) throws IOException;

  /**
   * {@code unix:mode}, {@code size}, {@code lastModifiedTime} and the kind of {@code p}, not
   * following a link.
   */
  Map<String, Object> attributes(Path p) throws IOException;

  /** The content of the regular file {@code file}. */
  InputStream open(Path file) throws IOException;

  /** The target of the link {@code link}, as stored. */
  Path readLink(Path link) throws IOException;

  /** The real file system. */
  ContextFiles SYSTEM =
      new ContextFiles() {
        @Override
        public List<Path> list(Path dir) throws IOException {
          List<Path> children = new ArrayList<>();
          try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
              children.add(p);
            }
          } catch (DirectoryIteratorException e) {
            // Reading the next entry failed: the iterator can only say so unchecked.
            throw e.getCause();
          }
          return children;
        }

        @Override
        public Map<String, Object> attributes(Path p) throws IOException {
          return Files.readAttributes(
              p,
              "unix:mode,size,lastModifiedTime,isDirectory,isSymbolicLink,isRegularFile",
              LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public InputStream open(Path file) throws IOException {
          return Files.newInputStream(file);
        }

        @Override
        public Path readLink(Path link) throws IOException {
          return Files.readSymbolicLink(link);
        }
      };
}
