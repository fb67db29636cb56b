package dev.dmsb.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.RegistryAuth;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code docker-credential-<name> get} with the server address on standard input and reads
 * {@code {"ServerURL","Username","Secret"}} from standard output (the docker credential helper
 * protocol). The helper is looked up on the {@code PATH} of the given environment, which is also
 * the helper's whole environment.
 */
final class CredentialHelper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 30;

  private final String name;
  private final Map<String, String> env;

  CredentialHelper(String name, Map<String, String> env) {
    this.name = name;
    this.env = env;
  }

  /** The credentials the helper holds for {@code serverAddress}, or empty if it has none. */
  Optional<RegistryAuth> get(String serverAddress) throws EngineConfigException {
    String program = "docker-credential-" + name;
    Path executable = find(program);
    ProcessBuilder pb = new ProcessBuilder(executable.toString(), "get");
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectErrorStream(false);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new EngineConfigException(
          "Cannot run the credential helper " + executable + ": " + e, e);
    }
    try {
      // Read both streams concurrently so a chatty helper cannot block on a full pipe.
      CompletableFuture<byte[]> out = readAll(process.getInputStream());
      CompletableFuture<byte[]> err = readAll(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write(serverAddress.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new EngineConfigException(
            "The credential helper "
                + program
                + " did not answer within "
                + TIMEOUT_SECONDS
                + " s.");
      }
      String stdout = new String(out.join(), StandardCharsets.UTF_8).trim();
      String stderr = new String(err.join(), StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0) {
        if ((stdout + stderr).toLowerCase().contains("credentials not found")) {
          return Optional.empty();
        }
        // Only the helper's own error text is shown; a failed get carries no secret.
        throw new EngineConfigException(
            "The credential helper "
                + program
                + " failed for "
                + serverAddress
                + " (exit "
                + process.exitValue()
                + "): "
                + (stdout.isEmpty() ? stderr : stdout));
      }
      JsonNode answer = JSON.readTree(stdout);
      String user = DockerConfigFile.text(answer, "Username");
      String secret = DockerConfigFile.text(answer, "Secret");
      if (secret == null) {
        return Optional.empty();
      }
      if ("<token>".equals(user)) {
        return Optional.of(new RegistryAuth(serverAddress, null, null, secret));
      }
      return Optional.of(new RegistryAuth(serverAddress, user, secret, null));
    } catch (IOException e) {
      throw new EngineConfigException(
          "The credential helper " + program + " gave an unreadable answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EngineConfigException("Interrupted while asking " + program + " for credentials.");
    }
  }

  private Path find(String program) throws EngineConfigException {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new EngineConfigException(
        "The docker configuration names the credential helper "
            + program
            + ", but it is not on the PATH. Install it, or remove credsStore/credHelpers from"
            + " config.json.");
  }

  private static CompletableFuture<byte[]> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return in.readAllBytes();
          } catch (IOException e) {
            return new byte[0];
          }
        });
  }
}
