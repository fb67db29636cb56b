package dev.dmsb.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

/**
 * A docker client configuration made by a test, for the dmsb process it starts: {@code config.json}
 * in a folder of its own ({@code DOCKER_CONFIG}) and, for {@code credsStore} and {@code
 * credHelpers}, fake {@code docker-credential-<name>} helpers in a folder put first on the {@code
 * PATH}. Nothing under the user's home is read or written.
 */
final class DockerConfigFolder {
  private final Path dir;
  private final Path bin;

  private DockerConfigFolder(Path dir, Path bin) {
    this.dir = dir;
    this.bin = bin;
  }

  /** An empty configuration under {@code work}. */
  static DockerConfigFolder in(Path work) throws IOException {
    return new DockerConfigFolder(
        Files.createDirectories(work.resolve("docker-config")),
        Files.createDirectories(work.resolve("credential-helpers")));
  }

  /** Writes {@code config.json}. */
  DockerConfigFolder config(String json) throws IOException {
    Files.writeString(dir.resolve("config.json"), json);
    return this;
  }

  /** The folder ({@code DOCKER_CONFIG}). */
  Path dir() {
    return dir;
  }

  /**
   * Adds {@code docker-credential-<name>}: its {@code get} answers {@code server} with {@code
   * user}/{@code secret} as the credential helper protocol does, says "credentials not found" for
   * any other server, and appends every server it is asked for to {@link #askedFile(String)}.
   */
  DockerConfigFolder helper(String name, String server, String user, String secret)
      throws IOException {
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "[ \"$1\" = get ] || exit 1\n"
            + "server=$(cat)\n"
            + "printf '%s\\n' \"$server\" >> '"
            + askedFile(name)
            + "'\n"
            + "if [ \"$server\" = '"
            + server
            + "' ]; then\n"
            + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\\n'"
            + " \"$server\" '"
            + user
            + "' '"
            + secret
            + "'\n"
            + "else\n"
            + "  echo 'credentials not found in native keychain'\n"
            + "  exit 1\n"
            + "fi\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return this;
  }

  /** Where helper {@code name} writes the servers it was asked for, one a line. */
  Path askedFile(String name) {
    return bin.resolve(name + ".asked");
  }

  /** The environment for dmsb: {@code DOCKER_CONFIG}, and the helpers first on the PATH. */
  Map<String, String> env() {
    return Map.of(
        "DOCKER_CONFIG",
        dir.toString(),
        "PATH",
        bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** The {@code auth} value of an {@code auths} entry: base64 of {@code user:password}. */
  static String basicAuth(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
