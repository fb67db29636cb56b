package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.ContextWriteException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TarContext;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link DockerEngine} against the real engine (DOCKER_HOST, else /var/run/docker.sock). */
@Tag(TestEngine.TAG)
class DockerEngineIT {
  static final String BASE = EngineSupport.BASE_IMAGE;
  static final String DOCKERFILE =
      "FROM "
          + BASE
          + " AS base\n"
          + "RUN echo from-base > /base.txt\n"
          + "FROM base AS final\n"
          + "COPY hello.txt /hello.txt\n"
          + "RUN echo out-line && echo err-line >&2\n"
          + "CMD [\"cat\", \"/hello.txt\"]\n";

  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  static DockerEngine engine;

  @BeforeAll
  static void connect() throws Exception {
    engine = DockerEngine.connect(EngineEndpoint.plain(TestEngine.host(), "test"));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static BuildRequest request(BuilderKind kind, String dockerfile, String tag) {
    return request(kind, dockerfile, tag, false);
  }

  static BuildRequest request(BuilderKind kind, String dockerfile, String tag, boolean noCache) {
    return new BuildRequest(
        kind,
        dockerfile,
        tag == null ? List.of() : List.of(tag),
        null,
        Map.of(),
        Map.of(),
        noCache,
        false,
        null,
        null,
        Map.of());
  }

  @Test
  void pingReportsTheEngine() throws Exception {
    EngineInfo info = engine.ping();
    assertThat(info.serverVersion()).isNotBlank();
    assertThat(info.apiVersion()).matches("1\\.\\d+");
    assertThat(info.os()).isEqualTo("linux");
    assertThat(info.buildkit()).isEqualTo(TestEngine.hasBuildkit());
    assertThat(info.podman()).isEqualTo(TestEngine.isPodman());
  }

  @ParameterizedTest
  @MethodSource("dev.dmsb.it.TestEngine#builderKinds")
  void buildsInspectsAndReadsHistoryOldestFirst(BuilderKind kind) throws Exception {
    String tag = SUPPORT.imageName("engine");
    List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Dockerfile", DOCKERFILE);
    files.put("hello.txt", "hello\n");
    BuildOutcome outcome =
        engine.build(request(kind, "Dockerfile", tag, true), TarContext.of(files), events::add);

    assertThat(outcome.error()).isEmpty();
    assertThat(outcome.imageId()).get().asString().matches("sha256:[0-9a-f]{64}");
    assertThat(outcome.bytesSent()).isGreaterThan(1024);
    if (kind == BuilderKind.BUILDKIT && !TestEngine.isPodman()) {
      assertThat(events)
          .filteredOn(
              e -> e instanceof BuildEvent.Vertex v && v.name().contains("RUN echo out-line"))
          .isNotEmpty();
      assertThat(events)
          .filteredOn(e -> e instanceof BuildEvent.VertexLog l && l.stream() == 2)
          .extracting(e -> new String(((BuildEvent.VertexLog) e).data(), StandardCharsets.UTF_8))
          .anyMatch(s -> s.contains("err-line"));
    } else {
      assertThat(events)
          .filteredOn(e -> e instanceof BuildEvent.Text t && t.text().contains("out-line"))
          .isNotEmpty();
      // One image ID per stage; the outcome is the last one.
      List<BuildEvent> ids = events.stream().filter(e -> e instanceof BuildEvent.ImageId).toList();
      // Buildah (Podman) names only the final image; its step images show as "--> <id>" text
      assertThat(ids).hasSize(TestEngine.isPodman() ? 1 : 2);
      assertThat(((BuildEvent.ImageId) ids.get(ids.size() - 1)).id())
          .isEqualTo(outcome.imageId().get());
    }

    ImageDetails details = engine.inspect(tag);
    assertThat(details.id()).isEqualTo(outcome.imageId().get());
    // Podman qualifies the names it stores: docker.io/dmsb-it/...
    assertThat(details.repoTags()).contains(TestEngine.isPodman() ? "docker.io/" + tag : tag);
    ImageDetails base = engine.inspect(BASE);
    assertThat(details.layers()).startsWith(base.layers().toArray(String[]::new));
    assertThat(details.layers()).hasSizeGreaterThan(base.layers().size());

    List<HistoryEntry> history = engine.history(tag);
    assertThat(history.get(0).createdBy()).contains("COPY");
    assertThat(history.get(history.size() - 1).createdBy()).contains("CMD");
    if (TestEngine.isPodman()) {
      // Podman names each entry by the image whose layer it is: a metadata-only last step (CMD)
      // carries the ID of the step image below it, not the final image's
      assertThat(engine.inspect(history.get(history.size() - 1).id()).layers())
          .isEqualTo(details.layers());
    } else {
      assertThat(history.get(history.size() - 1).id()).isEqualTo(outcome.imageId().get());
    }
  }

  @ParameterizedTest
  @MethodSource("dev.dmsb.it.TestEngine#builderKinds")
  void aFailingStepIsReportedWithTheEnginesMessage(BuilderKind kind) throws Exception {
    Map<String, String> files =
        Map.of("Dockerfile", "FROM " + BASE + "\nRUN echo before-fail && exit 3\n");
    BuildOutcome outcome =
        engine.build(request(kind, "Dockerfile", null), TarContext.of(files), e -> {});
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.imageId()).isEmpty();
    // Docker: "returned a non-zero code: 3"; Buildah: "while running runtime: exit status 3"
    assertThat(outcome.error())
        .get()
        .asString()
        .contains("exit 3")
        .contains(TestEngine.isPodman() ? "exit status 3" : "code");
  }

  @Test
  void anErrorBeforeTheStreamIsReportedWithTheEnginesMessage() throws Exception {
    Map<String, String> files = Map.of("Dockerfile", "FROM " + BASE + "\n");
    List<BuildEvent> events = new ArrayList<>();
    BuildOutcome outcome =
        engine.build(
            request(BuilderKind.LEGACY, "Missing.Dockerfile", null),
            TarContext.of(files),
            events::add);
    assertThat(outcome.error()).get().asString().contains("Missing.Dockerfile");
    assertThat(events).containsExactly(new BuildEvent.Error(outcome.error().get()));
  }

  @Test
  void aFailingContextWriterAbortsTheBuild() {
    assertThatThrownBy(
            () ->
                engine.build(
                    request(BuilderKind.BUILDKIT, "Dockerfile", null),
                    out -> {
                      out.write(new byte[200_000]);
                      throw new IOException("cannot read secret.txt: permission denied");
                    },
                    e -> {}))
        .isInstanceOf(ContextWriteException.class)
        .hasMessageContaining("cannot read secret.txt");
  }

  @ParameterizedTest
  @MethodSource("dev.dmsb.it.TestEngine#builderKinds")
  void cancellingStopsTheBuild(BuilderKind kind) throws Exception {
    Map<String, String> files =
        Map.of(
            "Dockerfile",
            "FROM " + BASE + "\nRUN echo started-" + UUID.randomUUID() + " && sleep 60\n");
    Cancellation cancellation = Cancellation.create();
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<BuildOutcome> build =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return engine.build(
                    request(kind, "Dockerfile", null),
                    TarContext.of(files),
                    e -> {
                      if (e.toString().contains("started-")) {
                        started.complete(null);
                      }
                    },
                    cancellation);
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    started.get(60, TimeUnit.SECONDS);
    cancellation.cancel();
    assertThatThrownBy(() -> build.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(OperationCancelledException.class);
  }

  @Test
  void exportStreamsTheImageArchive() throws Exception {
    List<String> names =
        engine.exportImage(
            BASE,
            archive -> {
              List<String> found = new ArrayList<>();
              TarArchiveInputStream tar = new TarArchiveInputStream(archive);
              for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                found.add(e.getName());
              }
              return found;
            });
    assertThat(names).contains("manifest.json");
  }

  @Test
  void missingImagesAreReportedAsSuch() throws Exception {
    String missing = SUPPORT.imageName("engine-missing");
    assertThatThrownBy(() -> engine.inspect(missing))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining(missing);
    assertThatThrownBy(() -> engine.history(missing)).isInstanceOf(ImageNotFoundException.class);
    assertThatThrownBy(() -> engine.exportImage(missing, in -> null))
        .isInstanceOf(ImageNotFoundException.class);
    engine.removeImage(missing, false);
  }

  @Test
  void removeDeletesAnImage() throws Exception {
    String tag = SUPPORT.imageName("engine");
    Map<String, String> files = Map.of("Dockerfile", "FROM " + BASE + "\nLABEL x=" + tag + "\n");
    BuildOutcome outcome =
        engine.build(
            request(BuilderKind.BUILDKIT, "Dockerfile", tag), TarContext.of(files), e -> {});
    assertThat(outcome.succeeded()).isTrue();
    engine.removeImage(tag, false);
    assertThatThrownBy(() -> engine.inspect(tag)).isInstanceOf(ImageNotFoundException.class);
  }

  @Test
  void aMissingSocketIsUnreachable() throws Exception {
    String address = "unix:///tmp/dmsb-no-such-" + UUID.randomUUID() + ".sock";
    try (DockerEngine nowhere = DockerEngine.connect(EngineEndpoint.plain(address, "test"))) {
      assertThatThrownBy(nowhere::ping)
          .isInstanceOf(EngineUnreachableException.class)
          .hasMessageContaining(address)
          .hasMessageContaining("does not exist")
          .hasMessageContaining("Start one");
    }
  }

  @Test
  void aClosedTcpPortIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String address = "tcp://127.0.0.1:" + port;
    try (DockerEngine nowhere = DockerEngine.connect(EngineEndpoint.plain(address, "test"))) {
      assertThatThrownBy(nowhere::ping)
          .isInstanceOf(EngineUnreachableException.class)
          .hasMessageContaining(address)
          .hasMessageContaining("connection refused");
      assertThatThrownBy(
              () ->
                  nowhere.build(
                      request(BuilderKind.BUILDKIT, "Dockerfile", null),
                      TarContext.of(Map.of("Dockerfile", "FROM scratch\n")),
                      e -> {}))
          .isInstanceOf(EngineUnreachableException.class);
    }
  }
}
