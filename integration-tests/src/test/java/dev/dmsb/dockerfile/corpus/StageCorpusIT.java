package dev.dmsb.dockerfile.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.corpus.CorpusCase.Builder;
import dev.dmsb.dockerfile.corpus.CorpusCase.Expectation;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.config.EngineTimeouts;
import dev.dmsb.engine.docker.DockerEngine;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds every corpus case with both of the engine's builders and checks that the engine does what
 * the table says (builds, or fails with the recorded message), and that dmsb's actual lint verdict
 * agrees with the engine's actual outcome: an error only where the engine fails or where the table
 * gives the reason for a deliberate difference, clean only where the engine builds. So neither the
 * table nor dmsb can drift away from the engine unnoticed.
 *
 * <p>Every image a build makes is removed right after it: the final image by its tag, and the
 * legacy builder's stage and step images (which it leaves untagged) by the IDs it printed. The
 * legacy builder runs with {@code nocache}, so none of those IDs can be another test's cache.
 */
@Tag(TestEngine.TAG)
class StageCorpusIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  /** The legacy builder prints {@code ---> <id>} after every step. */
  private static final Pattern STEP_IMAGE = Pattern.compile("^ ---> ([0-9a-f]{12,64})\\s*$");

  /** A build step that waits this long in silence is stuck (e.g. a slow registry lookup). */
  private static final Duration SILENCE = Duration.ofSeconds(60);

  private static DockerEngine engine;
  private static boolean registryAnswers;
  private static String baseImageId;
  private static final List<String> leftovers = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void connect() throws Exception {
    engine =
        DockerEngine.connect(
            EngineEndpoint.plain(EngineSupport.dockerHost(), "test"),
            EngineTimeouts.defaults().withStreamRead(SILENCE));
    baseImageId = engine.inspect(EngineSupport.BASE_IMAGE).id();
    registryAnswers = registryHoldsBusybox();
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  static List<Arguments> casesAndBuilders() {
    List<Arguments> all = new ArrayList<>();
    for (CorpusCase c : CorpusCase.all()) {
      for (Builder b : Builder.values()) {
        all.add(Arguments.of(c, b));
      }
    }
    return all;
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("casesAndBuilders")
  void engineDoesWhatTheTableSaysAndDmsbAgrees(CorpusCase c, Builder b) throws Exception {
    Assumptions.assumeTrue(
        !c.needsRegistry() || registryAnswers,
        "no local registry with dmsb/busybox:latest on 127.0.0.1:5000");
    // Podman builds every request with Buildah; Docker has no Buildah
    Assumptions.assumeTrue(
        (b == Builder.BUILDAH) == TestEngine.isPodman(),
        () ->
            TestEngine.isPodman()
                ? "Podman builds with Buildah whichever builder is asked for: the buildah row runs"
                : "Buildah builds only on Podman");
    Expectation expected = c.expected().get(b);
    Assumptions.assumeTrue(expected.unsafe() == null, expected.unsafe());

    BuildOutcome outcome = build(c, b);

    String actual =
        outcome.succeeded() ? "builds" : "fails: " + outcome.error().orElse("(no message)");
    assertThat(outcome.succeeded())
        .as("%s with %s: the engine %s; the table says %s", c, b, actual, expected.engineText())
        .isEqualTo(expected.builds());
    if (!expected.builds() && expected.errorFragment() != null) {
      assertThat(outcome.error().orElse(""))
          .as("%s with %s: the engine's message", c, b)
          .contains(expected.errorFragment());
    }

    Set<String> lintErrors = StageCorpusTest.lintErrors(c, b);
    assertThat(lintErrors)
        .as("%s with %s: dmsb's errors; the table says %s", c, b, expected.lintText())
        .isEqualTo(expected.lintErrors());
    if (!lintErrors.isEmpty() && outcome.succeeded()) {
      assertThat(expected.difference())
          .as("%s with %s: dmsb reports %s but the engine builds", c, b, lintErrors)
          .isNotNull();
    }
    if (lintErrors.isEmpty() && expected.gap() == null) {
      assertThat(outcome.succeeded())
          .as("%s with %s: dmsb says clean but the engine fails: %s", c, b, actual)
          .isTrue();
    }
    assertThat(leftovers).as("images the corpus builds could not remove").isEmpty();
  }

  static BuildOutcome build(CorpusCase c, Builder b) throws EngineException {
    String tag = SUPPORT.imageName("corpus");
    Set<String> made = Collections.synchronizedSet(new LinkedHashSet<>());
    BuildRequest request =
        new BuildRequest(
            b.kind,
            "Dockerfile",
            List.of(tag),
            c.target(),
            Map.of(),
            Map.of(),
            b == Builder.LEGACY,
            false,
            null,
            null,
            Map.of());
    try {
      return engine.build(request, out -> tar(out, c.context()), event -> collect(event, made));
    } finally {
      // Buildah can leave a working container of a step on the image it built (an "external
      // container", which the Docker API does not list); only a forced removal takes it with the
      // tag
      engine.removeImage(tag, TestEngine.isPodman());
      removeUntagged(made);
    }
  }

  private static void collect(BuildEvent event, Set<String> made) {
    if (event instanceof BuildEvent.ImageId id) {
      made.add(id.id());
    } else if (event instanceof BuildEvent.Text text) {
      for (String line : text.text().split("\n")) {
        Matcher m = STEP_IMAGE.matcher(line);
        if (m.matches()) {
          made.add(m.group(1));
        }
      }
    }
  }

  /**
   * Removes the images a legacy build left, newest first so that children go before parents. Tagged
   * ones (the base image, which a stage without instructions reuses) are not ours.
   */
  private static void removeUntagged(Set<String> made) {
    List<String> ids = new ArrayList<>(made);
    Collections.reverse(ids);
    for (String id : ids) {
      try {
        ImageDetails image = engine.inspect(id);
        if (!image.repoTags().isEmpty() || image.id().equals(baseImageId)) {
          continue;
        }
        engine.removeImage(image.id(), false);
        engine.inspect(image.id());
        leftovers.add(id);
      } catch (ImageNotFoundException gone) {
        // removed (or removed with its child)
      } catch (EngineException e) {
        leftovers.add(id + " (" + e.getMessage() + ")");
      }
    }
  }

  private static void tar(OutputStream out, Map<String, byte[]> files) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
      entry.setSize(f.getValue().length);
      tar.putArchiveEntry(entry);
      tar.write(f.getValue());
      tar.closeArchiveEntry();
    }
    tar.finish();
  }

  private static boolean registryHoldsBusybox() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      return http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:5000/v2/dmsb/busybox/manifests/latest"))
                      .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
