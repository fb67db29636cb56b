package dev.dmsb.build;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code .dockerignore} a context archive carries when the Dockerfile goes in under a generated
 * name, for the legacy builder, made as the docker CLI's {@code AddDockerfileToBuildContext} makes
 * it: the context's own file with {@code "\n<name>\n"} appended, or, when the archive has none, a
 * file holding {@code ".dockerignore\n<name>\n"}. Before building, the daemon removes the
 * Dockerfile and {@code .dockerignore} from the context if this file's rules match them, so {@code
 * COPY .} copies neither.
 *
 * <p>Not for BuildKit: over an uploaded archive it applies no {@code .dockerignore} at all (see
 * {@link ImageBuild}), and the appended name would only change the file {@code COPY .} copies.
 */
final class ArchiveDockerignore {
  /** Where the daemon looks for it: the archive's root. */
  static final String PATH = ".dockerignore";

  /** The mode of a {@code .dockerignore} made here, as the CLI makes it. */
  static final int MODE = 0600;

  private final String dockerfileName;

  /** The file that keeps {@code dockerfileName}, the generated name, out of the context. */
  ArchiveDockerignore(String dockerfileName) {
    if (dockerfileName.isEmpty() || dockerfileName.contains("\n")) {
      throw new IllegalArgumentException("not a generated Dockerfile name: " + dockerfileName);
    }
    this.dockerfileName = dockerfileName;
  }

  /** The context's own {@code .dockerignore} ({@code existing}) with the generated name added. */
  byte[] appendedTo(byte[] existing) {
    byte[] tail = ("\n" + dockerfileName + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(existing, existing.length + tail.length);
    System.arraycopy(tail, 0, all, existing.length, tail.length);
    return all;
  }

  /** The file for an archive that has no {@code .dockerignore}: it names itself too. */
  byte[] alone() {
    return appendedTo(PATH.getBytes(StandardCharsets.UTF_8));
  }
}
