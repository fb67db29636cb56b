package dev.dmsb.reliability;

import dev.dmsb.build.BuildPlan;
import dev.dmsb.build.BuildResult;
import dev.dmsb.build.BuildSpec;
import dev.dmsb.build.ImageBuild;
import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.docker.DockerEngine;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A soak: many consecutive builds of one example through one JVM and one engine client, printing at
 * intervals what would show a leak: this JVM's heap after a GC and its open file descriptors, the
 * engine's containers, and dockerd's resident memory. Run by {@code scripts/soak.sh}.
 *
 * <pre>java -cp ... dev.dmsb.reliability.Soak CONTEXT BUILDS EVERY TAG</pre>
 */
public final class Soak {
  private Soak() {}

  public static void main(String[] args) throws Exception {
    Path context = Path.of(args.length > 0 ? args[0] : "examples/quickstart").toAbsolutePath();
    int builds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int every = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    String tag = args.length > 3 ? args[3] : "dmsb-soak:" + ProcessHandle.current().pid();
    String host = System.getenv().getOrDefault("DOCKER_HOST", EngineEndpoint.DEFAULT_HOST);

    Path dockerfile = context.resolve("Dockerfile");
    String text = Files.readString(dockerfile);
    LintResult lint = Linter.lint(dockerfile.toString(), text, LintOptions.defaults());
    BuildPlan plan = BuildPlan.of(lint.graph().orElseThrow(), true);
    BuildSpec spec =
        BuildSpec.of(context, dockerfile, text)
            .withTags(List.of(tag))
            .withPlan(plan.contextSources(), plan.externalImages());

    System.out.println(
        "build,heap_after_gc_kib,open_fds,threads,engine_containers,dockerd_rss_kib,ms");
    try (DockerEngine engine = DockerEngine.connect(EngineEndpoint.plain(host, "soak"))) {
      ImageBuild build = new ImageBuild(engine);
      String first = null;
      long t0 = System.nanoTime();
      sample(0, 0);
      for (int i = 1; i <= builds; i++) {
        BuildResult r = build.build(spec, progress -> {});
        if (first == null) {
          first = r.imageId();
        } else if (!first.equals(r.imageId())) {
          throw new IllegalStateException("build " + i + " gave " + r.imageId() + ", not " + first);
        }
        if (i % every == 0 || i == builds) {
          sample(i, (System.nanoTime() - t0) / 1_000_000);
        }
      }
      engine.removeImage(tag, false);
    }
  }

  private static void sample(int build, long ms) throws IOException, InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    long fds;
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      fds = s.count();
    }
    int threads = Thread.activeCount();
    System.out.printf(
        "%d,%d,%d,%d,%d,%d,%d%n", build, heap, fds, threads, containers(), dockerdRss(), ms);
  }

  /** Containers of any state on the engine (docker ps -a), via the oracle CLI. */
  private static long containers() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(TestEngine.dockerCli(), "ps", "-aq").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.lines().filter(l -> !l.isBlank()).count();
  }

  private static long dockerdRss() throws IOException {
    Path pidFile = Path.of("/var/run/docker.pid");
    if (!Files.isReadable(pidFile)) {
      return -1;
    }
    String pid = Files.readString(pidFile).strip();
    for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
