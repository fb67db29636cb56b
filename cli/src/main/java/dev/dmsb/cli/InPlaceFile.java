package dev.dmsb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * Replaces a file's content atomically: the new text goes to a temporary file in the same folder,
 * which gets the original's permissions and is then moved over it. Readers see the old file or the
 * new one, never half of one; if anything fails the original stays as it was.
 */
final class InPlaceFile {
  private InPlaceFile() {}

  /** Replaces {@code file} (following a symbolic link to the real file) with {@code text}. */
  static void replace(Path file, String text) throws IOException {
    Path target = file.toRealPath();
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".dmsb-tmp");
    try {
      Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
      if (Files.getFileAttributeView(target, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
