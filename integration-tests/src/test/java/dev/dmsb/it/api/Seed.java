package dev.dmsb.it.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** The seed's reference kinds: {@code examples/seed/<kind>.Dockerfile} and their layer counts. */
enum Seed {
  NAMED_STAGE("named-stage", 3),
  INDEX("index", 3),
  EXTERNAL_IMAGE("external-image", 4),
  STAGE_AS_BASE("stage-as-base", 3);

  /** The build context: the examples folder of the repository (Maven runs in the module). */
  static final Path CONTEXT = locate("examples/seed");

  final String file;
  final int layers;

  Seed(String file, int layers) {
    this.file = file;
    this.layers = layers;
  }

  Path dockerfile() {
    return CONTEXT.resolve(file + ".Dockerfile");
  }

  static Path locate(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(
        relative
            + " not found above "
            + Path.of("").toAbsolutePath()
            + "; run from the repository");
  }
}
