package dev.dmsb.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real executable, {@code java -jar cli/target/dmsb.jar}, as a separate process: what a
 * user runs, with its own environment, temp folder, signals and exit code.
 */
final class DmsbProcess {
  /** The shaded jar the cli module packages before the integration tests run. */
  static final Path JAR = locateJar();

  /** How a run ended. */
  record Result(int exit, String out, String err, Duration took) {
    /** stdout and stderr together, for assertions that a secret appears nowhere. */
    String all() {
      return out + "\n" + err;
    }
  }

  private DmsbProcess() {}

  /**
   * Starts dmsb with {@code args}; its temp folder is {@code tmp}, its output goes to files there.
   */
  static Process start(Path tmp, Map<String, String> env, List<String> args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: package the cli module first (./mvnw -pl cli -am package)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TMPDIR", tmp.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile("dmsb-out-", ".txt");
    Path err = Files.createTempFile("dmsb-err-", ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    OUTPUTS.put(p, new Path[] {out, err});
    return p;
  }

  private static final Map<Process, Path[]> OUTPUTS =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  /** Waits for a started process (killing it after {@code limit}) and collects its output. */
  static Result await(Process p, Duration limit, long startNanos)
      throws IOException, InterruptedException {
    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("dmsb did not end within " + limit + ": " + read(p)[1]);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    String[] outErr = read(p);
    return new Result(p.exitValue(), outErr[0], outErr[1], took);
  }

  /** Runs dmsb to the end (at most {@code limit}). */
  static Result run(Path tmp, Map<String, String> env, Duration limit, String... args)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    return await(start(tmp, env, List.of(args)), limit, start);
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does. */
  static void interrupt(Process p) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
  }

  private static String[] read(Process p) throws IOException {
    Path[] files = OUTPUTS.remove(p);
    String out = Files.readString(files[0], StandardCharsets.UTF_8);
    String err = Files.readString(files[1], StandardCharsets.UTF_8);
    Files.deleteIfExists(files[0]);
    Files.deleteIfExists(files[1]);
    return new String[] {out, err};
  }

  private static Path locateJar() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path jar = dir.resolve("cli/target/dmsb.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    return here.resolveSibling("cli").resolve("target/dmsb.jar");
  }
}
