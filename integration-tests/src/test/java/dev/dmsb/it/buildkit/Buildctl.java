package dev.dmsb.it.buildkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * BuildKit's own client, the tests' oracle on a buildkitd: builds a context with the {@code
 * dockerfile.v0} frontend ({@code --local context=… --local dockerfile=…}) and pushes or exports
 * the result, as a user of buildctl would. Never part of dmsb.
 *
 * <pre>{@code
 * Buildctl buildctl = Buildkitd.require().buildctl();
 * String digest = buildctl.push(context, "127.0.0.1:5000/dmsb-it/app:1");
 * Map<String, String> tree = RegistryImage.of("127.0.0.1:5000/dmsb-it/app:1").tree();
 * }</pre>
 *
 * <p>Every call runs one buildctl process with a bound ({@link #TIMEOUT_MINUTES} minutes); the
 * {@code build} methods throw with buildctl's output when it fails, {@link #run} hands back the
 * exit code and output instead.
 */
public final class Buildctl {
  /** The bound on one buildctl process. */
  public static final long TIMEOUT_MINUTES = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path binary;
  private final List<String> global;
  private final Path dockerConfig;

  private Buildctl(Path binary, List<String> global, Path dockerConfig) {
    this.binary = binary;
    this.global = List.copyOf(global);
    this.dockerConfig = dockerConfig;
  }

  /**
   * buildctl {@code binary} for the daemon at {@code address} ({@code unix://…}, {@code tcp://…}).
   */
  public static Buildctl at(Path binary, String address) {
    return new Buildctl(binary, List.of("--addr", address), null);
  }

  /**
   * This client with {@code DOCKER_CONFIG} set to {@code folder}: the registry credentials buildctl
   * hands the daemon through its session come from {@code folder/config.json}.
   */
  public Buildctl withDockerConfig(Path folder) {
    return new Buildctl(binary, global, folder);
  }

  /** This client with mutual TLS: the CA to check the server, the client's certificate and key. */
  public Buildctl withTls(Path ca, Path cert, Path key, String serverName) {
    List<String> g = new ArrayList<>(global);
    g.addAll(
        List.of(
            "--tlscacert",
            ca.toString(),
            "--tlscert",
            cert.toString(),
            "--tlskey",
            key.toString(),
            "--tlsservername",
            serverName));
    return new Buildctl(binary, g, dockerConfig);
  }

  /** The exit code and the output (standard output and error, interleaved) of one run. */
  public record Result(int exitCode, String output) {
    /** Whether buildctl exited 0. */
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs buildctl with this client's global flags, then {@code args}; never throws on failure. */
  public Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(global);
    command.addAll(args);
    try {
      Process p = process(command).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Result(-1, "buildctl did not end within " + TIMEOUT_MINUTES + " minutes");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while buildctl ran", e);
    }
  }

  /** As {@link #run(List)}. */
  public Result run(String... args) {
    return run(List.of(args));
  }

  /** Whether the daemon answers {@code debug workers}. */
  public boolean answers() {
    return run("--timeout", "5", "debug", "workers").ok();
  }

  /**
   * {@code buildctl build --frontend dockerfile.v0 --local context=CONTEXT --local
   * dockerfile=DOCKERFILE_DIR ARGS...} (ARGS: {@code --output …}, {@code --opt target=…}, {@code
   * --opt filename=…}, {@code --export-cache …}, {@code --progress plain}, …).
   */
  public Result build(Path context, Path dockerfileDir, List<String> args) {
    List<String> a = new ArrayList<>(List.of("build", "--frontend", "dockerfile.v0"));
    a.addAll(List.of("--local", "context=" + context, "--local", "dockerfile=" + dockerfileDir));
    a.addAll(args);
    return run(a);
  }

  /**
   * Starts {@link #build} without waiting, with {@code --progress plain}: the returned process's
   * standard output carries the progress lines and errors, for a test that acts in the middle of a
   * build. The caller ends and reaps it.
   */
  public Process startBuild(Path context, Path dockerfileDir, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(global);
    command.addAll(List.of("build", "--frontend", "dockerfile.v0", "--progress", "plain"));
    command.addAll(
        List.of("--local", "context=" + context, "--local", "dockerfile=" + dockerfileDir));
    command.addAll(args);
    Process p = process(command).start();
    p.getOutputStream().close();
    return p;
  }

  /**
   * Builds {@code context} (its {@code Dockerfile}) and pushes the image to {@code ref}; returns
   * the pushed manifest's digest (buildctl's {@code containerimage.digest}).
   *
   * @param args more build flags, e.g. {@code --opt target=builder}
   */
  public String push(Path context, String ref, String... args) throws IOException {
    Path metadata = Files.createTempFile("buildctl-metadata-", ".json");
    try {
      List<String> a = new ArrayList<>(List.of(args));
      a.addAll(
          List.of(
              "--output",
              "type=image,name=" + ref + ",push=true",
              "--metadata-file",
              metadata.toString()));
      succeeded(build(context, context, a), "push " + ref);
      JsonNode digest = JSON.readTree(metadata.toFile()).get("containerimage.digest");
      if (digest == null) {
        throw new IllegalStateException("buildctl wrote no containerimage.digest for " + ref);
      }
      return digest.asText();
    } finally {
      Files.deleteIfExists(metadata);
    }
  }

  /**
   * Builds {@code context} and exports the result: {@code type} {@code oci} or {@code docker} (an
   * image archive; {@code name} its image name, may be null), {@code tar} (the file system as a
   * tarball) into {@code dest}, or {@code local} into the folder {@code dest}. Returns {@code
   * dest}.
   */
  public Path export(Path context, String type, String name, Path dest, String... args) {
    String output = "type=" + type + ",dest=" + dest + (name == null ? "" : ",name=" + name);
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--output", output));
    succeeded(build(context, context, a), "export " + output);
    return dest;
  }

  /** Removes everything the daemon's cache holds ({@code buildctl prune --all}). */
  public void pruneAll() {
    succeeded(run("prune", "--all"), "prune --all");
  }

  /** The cache records the daemon holds ({@code buildctl du}), without the totals. */
  public List<String> cacheRecords() {
    Result r = succeeded(run("du"), "du");
    return r.output()
        .lines()
        .skip(1)
        .filter(l -> !l.isBlank() && !l.matches("^(Reclaimable|Total|Shared|Private):.*"))
        .toList();
  }

  private ProcessBuilder process(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dockerConfig != null) {
      pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
    }
    return pb;
  }

  private static Result succeeded(Result r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException(
          "buildctl " + what + " failed (exit " + r.exitCode() + "):\n" + r.output());
    }
    return r;
  }
}
