package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.build.BuildResult;
import dev.dmsb.build.BuildSpec;
import dev.dmsb.build.ImageBuild;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.docker.DockerEngine;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.verify.ImageVerifier;
import dev.dmsb.verify.VerifyReport;
import dev.dmsb.verify.VerifyRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many builds and verifies at once, in one JVM and in separate processes: all correct, all tagged.
 */
class LoadIT {
  static final int THREADS = 16;
  static final int PROCESSES = 8;

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  /** A context whose image is unique to {@code n}: a file and a RUN that differ per build. */
  Path context(int n) throws Exception {
    Path ctx = Files.createDirectories(work.resolve("ctx-" + n));
    Files.writeString(ctx.resolve("id.txt"), "build " + n + " " + System.nanoTime() + "\n");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + EngineSupport.BASE_IMAGE
            + " AS build\nCOPY id.txt /src/id.txt\nRUN cp /src/id.txt /src/out.txt\n"
            + "FROM "
            + EngineSupport.BASE_IMAGE
            + "\nCOPY --from=build /src/out.txt /out.txt\n");
    return ctx;
  }

  @Test
  void sixteenBuildsAtOnceThroughOneEngineClient() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (DockerEngine docker =
        DockerEngine.connect(EngineEndpoint.plain(EngineSupport.dockerHost(), "test"))) {
      ImageBuild builds = new ImageBuild(docker);
      List<String> tags = new ArrayList<>();
      List<Future<BuildResult>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        String tag = engine.imageName("load-" + i);
        tags.add(tag);
        Path ctx = context(i);
        String label = "n" + i;
        BuildSpec spec =
            BuildSpec.of(
                    ctx, ctx.resolve("Dockerfile"), Files.readString(ctx.resolve("Dockerfile")))
                .withTags(List.of(tag))
                .withLabels(Map.of("dev.dmsb.load", label))
                .withPlan(Optional.of(Set.of("id.txt")), List.of(EngineSupport.BASE_IMAGE));
        results.add(pool.submit(() -> builds.build(spec, progress -> {})));
      }
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        BuildResult r = results.get(i).get();
        ImageDetails tagged = docker.inspect(tags.get(i));
        assertThat(tagged.id()).isEqualTo(r.imageId());
        assertThat(tagged.labels()).containsEntry("dev.dmsb.load", "n" + i);
        ids.add(r.imageId());
      }
      assertThat(ids).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eightBuildsAtOnceFromSeparateProcesses() throws Exception {
    List<Process> processes = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < PROCESSES; i++) {
      String tag = engine.imageName("procs-" + i);
      tags.add(tag);
      Path tmp = Files.createDirectories(work.resolve("tmp-" + i));
      processes.add(
          DmsbProcess.start(
              tmp, Map.of(), List.of("build", "-q", "-t", tag, context(100 + i).toString())));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      DmsbProcess.Result r = DmsbProcess.await(processes.get(i), Duration.ofMinutes(5), start);
      assertThat(r.exit()).as(r.err()).isZero();
      String id = r.out().strip();
      assertThat(id).matches("sha256:[0-9a-f]{64}");
      assertThat(EngineSupport.client().inspectImageCmd(tags.get(i)).exec().getId()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void sixteenVerifiesOfOneImageAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (DockerEngine docker =
        DockerEngine.connect(EngineEndpoint.plain(EngineSupport.dockerHost(), "test"))) {
      VerifyRequest request =
          VerifyRequest.of(EngineSupport.BASE_IMAGE)
              .withFileScan(true)
              .withExpectedLayers(2)
              .withForbidden(List.of("/root/.ssh/**"));
      List<Future<VerifyReport>> reports = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        reports.add(
            pool.submit((Callable<VerifyReport>) () -> ImageVerifier.verify(docker, request)));
      }
      VerifyReport first = reports.get(0).get();
      assertThat(first.passed()).as(first.toString()).isTrue();
      for (Future<VerifyReport> f : reports) {
        assertThat(f.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
