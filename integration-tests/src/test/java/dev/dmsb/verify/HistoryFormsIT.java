package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Version;
import dev.dmsb.api.Builder;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.it.EngineSupport;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dockerfiles written in each builder's idioms (COPY/ADD flags, heredocs, {@code RUN --mount},
 * every metadata instruction, {@code WORKDIR} repeated), built by dmsb on the engine {@code
 * DOCKER_HOST} names with each builder it has, verify against themselves with no finding and the
 * layer count that builder makes. Engine-neutral: Docker runs BuildKit and the legacy builder,
 * Podman runs Buildah (whichever builder is asked for); a builder an engine lacks, or a Dockerfile
 * form its builder predates, is skipped with the reason.
 */
@Tag("engine") // engine-facing: CI runs it on every engine
class HistoryFormsIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();
  private static DmsbEngine engine;
  private static boolean podman;
  private static int dockerMajor;

  @BeforeAll
  static void engine() throws Exception {
    engine = DmsbEngine.fromEnvironment();
    Version version = EngineSupport.client().versionCmd().exec();
    podman =
        version.getComponents() != null
            && version.getComponents().stream()
                .anyMatch(c -> c.getName() != null && c.getName().contains("Podman"));
    Matcher major = Pattern.compile("^(\\d+)\\.").matcher(String.valueOf(version.getVersion()));
    dockerMajor = !podman && major.find() ? Integer.parseInt(major.group(1)) : 0;
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static Path context(String sample) throws URISyntaxException {
    return Path.of(HistoryFormsIT.class.getResource("/history-forms/" + sample).toURI());
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    // sample, builder, RootFS layers that builder makes, the first Docker release whose builder
    // takes the sample's forms
    "legacy,buildkit,12,20", // WORKDIR makes a layer each time, RUN true an empty one
    "legacy,legacy,10,20", // a WORKDIR that changes nothing and RUN true make no layer
    "legacy,buildah,9,0", // WORKDIR never makes a layer
    "mounts,buildkit,8,20",
    "mounts,buildah,7,0",
    "today,buildkit,7,23", // heredocs: BuildKit 0.10's frontend, built into Docker 23
    "forms,buildkit,18,23", // COPY --link: the same
  })
  void buildsAndVerifiesWithNoFindingAndItsBuildersLayerCount(
      String sample, String builder, int layers, int firstDocker) throws Exception {
    if (builder.equals("buildah")) {
      assumeTrue(podman, "Buildah builds on Podman only");
    } else {
      assumeTrue(!podman, "Podman builds with Buildah whichever builder is asked for");
      assumeTrue(
          dockerMajor >= firstDocker,
          "Docker " + dockerMajor + "'s " + builder + " does not take the forms of " + sample);
    }
    Path ctx = context(sample);
    // Podman: "auto", the builder the engine has (Buildah, with its own Dockerfile rules)
    Builder kind =
        switch (builder) {
          case "buildkit" -> Builder.BUILDKIT;
          case "legacy" -> Builder.LEGACY;
          default -> Builder.AUTO;
        };
    BuiltImage image =
        Dmsb.build(ctx)
            .builder(kind)
            .tag(SUPPORT.imageName("history-" + sample + "-" + builder))
            // the legacy builder and Buildah write a history entry per label given to the API
            .label("com.example.api", "yes")
            .noCache() // fresh image IDs: what this test removes is its own
            .engine(engine)
            .build();
    try {
      VerifyIT.Run run =
          VerifyIT.dmsb(
              "verify",
              image.id(),
              "-f",
              ctx.resolve("Dockerfile").toString(),
              "--builder",
              kind.name().toLowerCase(Locale.ROOT),
              "--expect-layers",
              String.valueOf(layers),
              "--format",
              "json");

      JsonNode report = run.json();
      assertThat(report.path("findings")).as(run.out()).isEmpty();
      assertThat(run.code()).as(run.out() + run.err()).isZero();
      List<String> failed = new ArrayList<>();
      report
          .path("checks")
          .forEach(
              c -> {
                if (!c.path("passed").asBoolean()) {
                  failed.add(c.path("message").asText());
                }
              });
      assertThat(failed).isEmpty();
      List<String> unattributed = new ArrayList<>();
      for (JsonNode row : report.path("rows")) {
        String stage = row.path("stage").asText();
        if (!stage.startsWith("base ")
            && !stage.equals("build label")
            && !row.path("line").isInt()) {
          unattributed.add(row.path("instruction").asText());
        }
      }
      assertThat(unattributed).as("entries without a Dockerfile line").isEmpty();
      JsonNode totals = report.path("totals");
      long parts = totals.path("baseBytes").asLong();
      for (JsonNode b : totals.path("bytesByStage")) {
        parts += b.asLong();
      }
      assertThat(totals.path("layerBytes").asLong())
          .as("the total is its parts' sum")
          .isEqualTo(parts);
    } finally {
      assertThat(engine.removeImages(image)).as("references dmsb could not remove").isEmpty();
    }
  }
}
