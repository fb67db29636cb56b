package dev.dmsb.it.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

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

  /** A tag no other test or helper uses. */
  String uniqueTag(String builder) {
    byte[] r = new byte[4];
    new SecureRandom().nextBytes(r);
    return "dmsb-it-api/"
        + file
        + ":"
        + builder.toLowerCase(Locale.ROOT)
        + "-"
        + HexFormat.of().formatHex(r);
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
