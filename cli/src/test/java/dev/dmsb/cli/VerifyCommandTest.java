package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dmsb verify} in process, on an engine that holds a base and one image built on it. */
class VerifyCommandTest {
  static final String BASE_LAYER = "sha256:" + "1".repeat(64);
  static final String APP_LAYER = "sha256:" + "2".repeat(64);

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final StubEngine engine = new StubEngine();

  VerifyCommand verify;

  int run(String... args) {
    CommandLine cl = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err));
    verify = (VerifyCommand) cl.getSubcommands().get("verify").getCommandSpec().userObject();
    verify.engines = () -> engine;
    return cl.execute(args);
  }

  @Test
  void ctrlCDuringTheLeakScanStopsTheExportAndExits130() throws Exception {
    engine.exportStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Integer> exit =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> run("verify", "app:1", "--scan-files"));
    // What the shutdown hook does on Ctrl-C, once the export is under way.
    assertThat(engine.exportStarted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    verify.cancellation.cancel();

    assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS))
        .as(err.toString())
        .isEqualTo(ExitCode.INTERRUPTED);
    assertThat(err.toString().strip()).isEqualTo("dmsb: verify cancelled");
    assertThat(out.toString()).as("no report from half an archive").isEmpty();
  }

  @Test
  void rightLayerCountPassesAndWrongOneFails() {
    assertThat(run("verify", "app:1", "--expect-layers", "2")).isEqualTo(0);
    assertThat(out.toString())
        .contains("History, oldest first:")
        .contains("PASS layer-count: expected 2 layers, found 2")
        .contains("verify: passed");

    assertThat(run("verify", "app:1", "--expect-layers", "3")).isEqualTo(1);
    assertThat(out.toString()).contains("FAIL layer-count: expected 3 layers, found 2");
  }

  @Test
  void attributesRowsToTheDockerfile(@TempDir Path dir) throws Exception {
    Path dockerfile = dir.resolve("Dockerfile");
    Files.writeString(
        dockerfile,
        "FROM base:1 AS build\nRUN make\nFROM base:1\nCOPY --from=build /app /app\nCMD [\"/app\"]\n");

    int code = run("verify", "app:1", "-f", dockerfile.toString(), "--format", "json");

    assertThat(code).as(err.toString()).isEqualTo(0);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("passed").asBoolean()).isTrue();
    JsonNode rows = json.path("rows");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).path("stage").asText()).isEqualTo("base base:1");
    assertThat(rows.get(1).path("stage").asText()).isEqualTo("stage-1");
    assertThat(rows.get(1).path("line").asInt()).isEqualTo(4);
    assertThat(rows.get(1).path("digest").asText()).isEqualTo(APP_LAYER);
    assertThat(rows.get(1).path("size").asLong()).isEqualTo(1234);
    assertThat(rows.get(1).path("verdict").asText()).isEqualTo("ok");
    assertThat(rows.get(2).path("line").asInt()).isEqualTo(5);
    assertThat(json.path("totals").path("baseBytes").asLong()).isEqualTo(5000);
    assertThat(json.path("checks"))
        .extracting(c -> c.path("name").asText())
        .contains("base-prefix", "dockerfile-chain");
  }

  @Test
  void anotherDockerfileFailsWithJunitFailures(@TempDir Path dir) throws Exception {
    Path dockerfile = dir.resolve("Dockerfile");
    Files.writeString(dockerfile, "FROM base:1\nRUN make install\n");

    int code = run("verify", "app:1", "-f", dockerfile.toString(), "--format", "junit");

    assertThat(code).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("<?xml")
        .contains("<testcase classname=\"dmsb.verify.app:1\" name=\"dockerfile-chain\"><failure")
        .contains("is not from this Dockerfile's final stage 'stage-0'")
        .containsPattern("<testsuite [^>]*failures=\"1\"");
  }

  @Test
  void theTotalIsNeverBelowItsPartsAndTheEnginesFigureIsNamed(@TempDir Path dir) throws Exception {
    Path dockerfile = dir.resolve("Dockerfile");
    Files.writeString(dockerfile, "FROM packed-base:1\nCOPY /app.txt /app.txt\n");

    int code = run("verify", "packed:1", "-f", dockerfile.toString());

    assertThat(code).as(out.toString()).isEqualTo(0);
    String totals =
        out.toString().lines().filter(l -> l.startsWith("Totals:")).findFirst().orElseThrow();
    // the image total is the sum of the parts it is shown with (base 2.01MB + 12.3kB), and the
    // engine's own figure (1.09MB, counted another way) is shown as what it is
    assertThat(totals)
        .startsWith("Totals: image 2.02MB in 2 layers")
        .contains("base 1 layers 2.01MB", "stage stage-0 1 layers 12.3kB")
        .contains("engine's image size 1.09MB");
  }

  static final String TOKEN = "tok-1234567";
  static final String PASSWORD = "hunter2-pw";

  @Test
  void secretNamedValuesInTheHistoryAreMaskedInEveryFormat(@TempDir Path dir) throws Exception {
    Path dockerfile = dir.resolve("Dockerfile");
    // Another Dockerfile: every entry is foreign, so each is quoted as evidence too.
    Files.writeString(dockerfile, "FROM base:1\nRUN make\n");
    for (String format : List.of("text", "json", "junit")) {
      out.getBuffer().setLength(0);
      run("verify", "secrets:1", "-f", dockerfile.toString(), "--format", format);
      assertThat(out.toString())
          .as(format)
          .contains("API_TOKEN=****")
          .contains("DB_PASSWORD=****")
          .doesNotContain(TOKEN)
          .doesNotContain(PASSWORD);
    }
  }

  @Test
  void readingFlagsAreCheckedAndMeanNothingForAnEnginesImage(@TempDir Path dir) throws Exception {
    assertThat(run("verify", "app:1", "--platform", "linux/arm64")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--platform, --cert-dir, --creds, --authfile and --registry-token are for")
        .contains("app:1 is read from the engine");
    Path layout = Files.createDirectories(dir.resolve("layout"));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
    String ref = "oci:" + layout;
    err.getBuffer().setLength(0);
    assertThat(run("verify", ref, "--platform", "arm64")).isEqualTo(2);
    assertThat(err.toString()).contains("--platform: platform 'arm64' is not os/arch[/variant]");
    err.getBuffer().setLength(0);
    assertThat(run("verify", ref, "--platform", "linux/arm64", "--override-arch", "amd64"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("give one");
    err.getBuffer().setLength(0);
    assertThat(run("verify", ref, "--cert-dir", dir.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--cert-dir " + dir.resolve("nope") + ": no such folder");
    err.getBuffer().setLength(0);
    assertThat(run("verify", ref, "--creds", "dmsb")).isEqualTo(2);
    assertThat(err.toString()).contains("no password given and no terminal to ask for it");
  }

  @Test
  void aMissingImageIsOneLineAndExitOne() {
    assertThat(run("verify", "nope:1")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("dmsb: image nope:1 is not in the engine; build or pull it first");
  }

  @Test
  void anUnreachableEngineIsExitThree() {
    engine.down = true;
    assertThat(run("verify", "app:1")).isEqualTo(3);
    assertThat(err.toString()).startsWith("dmsb: no engine at stub");
  }

  @Test
  void usageMistakesAreExitTwo() {
    assertThat(run("verify", "app:1", "--max-size", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("--max-size: 'lots' is not a size");
    assertThat(run("verify")).isEqualTo(2);
    assertThat(run("verify", "app:1", "-f", "/no/such/Dockerfile")).isEqualTo(2);
  }

  /** One base image (one layer) and app:1 built on it with BuildKit. */
  static final class StubEngine implements Engine {
    boolean down;

    /** When set, an export blocks until its stream is closed, counting this down first. */
    java.util.concurrent.CountDownLatch exportStarted;

    final Map<String, ImageDetails> images =
        Map.of(
            "base:1",
            details("sha256:" + "a".repeat(64), 5000, List.of(BASE_LAYER)),
            "app:1",
            details("sha256:" + "b".repeat(64), 6234, List.of(BASE_LAYER, APP_LAYER)),
            "secrets:1",
            details("sha256:" + "c".repeat(64), 6234, List.of(BASE_LAYER, APP_LAYER)),
            // as Docker 28.5's containerd image store answers: Size counts the compressed blobs,
            // the history each layer's disk usage
            "packed-base:1",
            details("sha256:" + "d".repeat(64), 1_085_642, List.of(BASE_LAYER)),
            "packed:1",
            details("sha256:" + "e".repeat(64), 1_086_138, List.of(BASE_LAYER, APP_LAYER)));
    final Map<String, List<HistoryEntry>> histories =
        Map.of(
            "base:1",
            List.of(entry("/bin/sh -c #(nop) ADD file:abc in / ", 5000)),
            "app:1",
            List.of(
                entry("/bin/sh -c #(nop) ADD file:abc in / ", 5000),
                entry("COPY /app /app # buildkit", 1234),
                entry("CMD [\"/app\"]", 0)),
            "secrets:1",
            List.of(
                entry("/bin/sh -c #(nop) ADD file:abc in / ", 5000),
                // The legacy builder records the build args a RUN used.
                entry("|1 API_TOKEN=" + TOKEN + " /bin/sh -c ./fetch", 1234),
                entry("/bin/sh -c #(nop)  ENV DB_PASSWORD=" + PASSWORD, 0)),
            "packed-base:1",
            List.of(entry("COPY busybox /bin/busybox # buildkit", 2_011_136)),
            "packed:1",
            List.of(
                entry("COPY busybox /bin/busybox # buildkit", 2_011_136),
                entry("COPY /app.txt /app.txt # buildkit", 12_288)));

    static ImageDetails details(String id, long size, List<String> layers) {
      return new ImageDetails(
          id, List.of(), List.of(), "", size, layers, Map.of(), "linux", "amd64");
    }

    static HistoryEntry entry(String createdBy, long size) {
      return new HistoryEntry("<missing>", 0, createdBy, List.of(), size, "");
    }

    private String name(String image) throws EngineException {
      if (down) {
        throw new EngineUnreachableException("stub", "no engine at stub", null);
      }
      for (Map.Entry<String, ImageDetails> e : images.entrySet()) {
        if (e.getKey().equals(image) || e.getValue().id().equals(image)) {
          return e.getKey();
        }
      }
      throw new ImageNotFoundException(image, "No such image: " + image);
    }

    @Override
    public String address() {
      return "stub";
    }

    @Override
    public EngineInfo ping() {
      return new EngineInfo("20.10.24", "1.41", "linux", "amd64", true);
    }

    @Override
    public BuildOutcome build(
        BuildRequest r, BuildContextWriter c, BuildEventListener l, Cancellation x) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ImageDetails inspect(String image) throws EngineException {
      return images.get(name(image));
    }

    @Override
    public List<HistoryEntry> history(String image) throws EngineException {
      return histories.get(name(image));
    }

    @Override
    public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
      if (exportStarted == null) {
        throw new UnsupportedOperationException("not needed: history tells the layers apart");
      }
      java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
      java.io.InputStream silent =
          new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
              exportStarted.countDown();
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new java.io.IOException("Stream closed");
            }

            @Override
            public void close() {
              closed.countDown();
            }
          };
      try {
        return reader.read(silent);
      } catch (java.io.IOException e) {
        throw new EngineException("reading the archive failed: " + e.getMessage(), e);
      }
    }

    @Override
    public String distributionDigest(String reference, RegistryAuth auth) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void pull(String reference, RegistryAuth auth, BuildEventListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void removeImage(String image, boolean force) {}

    @Override
    public void close() {}
  }
}
