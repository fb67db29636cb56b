package dev.dmsb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes {@code --iidfile}: a temporary file in the same folder, then an atomic rename. */
final class IidFile {
  private IidFile() {}

  static void write(Path target, String imageId) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    try {
      Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      try {
        Files.writeString(tmp, imageId, StandardCharsets.UTF_8);
        try {
          Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UserError(
          ExitCode.CHECK_FAILED,
          "the image was built ("
              + imageId
              + ") but --iidfile "
              + target
              + " can't be written: "
              + e.getMessage());
    }
  }
}
