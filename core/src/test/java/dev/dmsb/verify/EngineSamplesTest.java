package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.engine.ImageDetails;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Images built on Docker 20.10, Docker 28.5 (both image stores) and Podman 4.3.1 with each builder
 * they have (recorded in {@code samples/engines/}, see its README) verify against their own
 * Dockerfiles with no finding, every history entry above the base attributed to its line.
 */
class EngineSamplesTest {

  static final String DIR = "engines/";

  /** The recorded image of {@code sample} built by {@code builder} on {@code engine}. */
  static String image(String engine, String sample, String builder) {
    return "sample-" + engine + "-" + sample + "-" + builder;
  }

  static String base(String sample) {
    return sample.equals("compressed") ? "busybox-built" : "busybox";
  }

  static FakeEngine engineWith(String engine, String sample, String builder) throws IOException {
    String prefix = DIR + engine + "/";
    String ref =
        sample.equals("compressed") ? "dmsb-history-cap/busybox-c8d:latest" : Samples.BUSYBOX;
    String recorded = prefix + sample + "-" + builder;
    FakeEngine fake =
        new FakeEngine()
            .add(
                ref,
                Samples.details(prefix + base(sample) + "-inspect.json"),
                Samples.history(prefix + base(sample) + "-history.json"))
            .add(
                image(engine, sample, builder),
                Samples.details(recorded + "-inspect.json"),
                Samples.history(recorded + "-history.json"));
    // The config, for where the history alone cannot tell empty layers apart (a 0-byte legacy
    // WORKDIR layer beside a 0-byte empty one).
    JsonNode config = Samples.json(recorded + "-config.json");
    List<byte[]> layers = new ArrayList<>();
    for (int i = 0; i < config.path("rootfs").path("diff_ids").size(); i++) {
      layers.add(ArchiveFixtures.layer(Map.of()));
    }
    ImageDetails details = Samples.details(recorded + "-inspect.json");
    fake.archive(
        image(engine, sample, builder),
        ArchiveFixtures.archive(
            details.id().substring("sha256:".length()), config.toString(), layers));
    return fake;
  }

  static StageGraph graph(String sample, String builder) throws IOException {
    // "mounts-labels": the mounts Dockerfile, built with labels given to the build API
    String dockerfile = sample.replace("-labels", "");
    try (InputStream in =
        EngineSamplesTest.class.getResourceAsStream(
            "samples/" + DIR + dockerfile + "/Dockerfile")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Semantics semantics = builder.equals("legacy") ? Semantics.LEGACY : Semantics.BUILDKIT;
      return StageGraph.of(Dockerfile.parse(text), new GraphOptions(Map.of(), null, semantics));
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    // engine, sample, builder, RootFS layers
    "docker-20.10.24,legacy,buildkit,12",
    "docker-20.10.24,legacy,legacy,10",
    "docker-20.10.24,mounts,buildkit,8",
    "docker-28.5.2,today,buildkit,7",
    "docker-28.5.2,forms,buildkit,18",
    "docker-28.5.2,legacy,buildkit,12",
    "docker-28.5.2,legacy,legacy,10",
    "docker-28.5.2,mounts,buildkit,8",
    "docker-28.5.2-containerd,today,buildkit,7",
    "docker-28.5.2-containerd,forms,buildkit,18",
    "docker-28.5.2-containerd,legacy,buildkit,12",
    "docker-28.5.2-containerd,legacy,legacy,10",
    "docker-28.5.2-containerd,mounts,buildkit,8",
    "docker-28.5.2-containerd,compressed,buildkit,3",
    "podman-4.3.1,legacy,buildah,9",
    "podman-4.3.1,mounts,buildah,7",
  })
  void verifiesAgainstItsDockerfileWithNoFinding(
      String engine, String sample, String builder, int layers) throws Exception {
    ExpectedChain chain = ExpectedChains.of(graph(sample, builder));
    FakeEngine fake = engineWith(engine, sample, builder);

    VerifyReport report =
        ImageVerifier.verify(
            fake,
            VerifyRequest.of(image(engine, sample, builder))
                .withExpected(chain)
                .withExpectedLayers(layers));

    assertThat(report.findings()).isEmpty();
    assertThat(report.passed()).as(report.checks().toString()).isTrue();
    JsonNode config = Samples.json(DIR + engine + "/" + sample + "-" + builder + "-config.json");
    List<Boolean> emptyInConfig = new ArrayList<>();
    config.path("history").forEach(h -> emptyInConfig.add(h.path("empty_layer").asBoolean()));
    assertThat(report.rows()).extracting(HistoryRow::emptyLayer).isEqualTo(emptyInConfig);
    // every instruction of the final stage has its entry, in order; BuildKit writes none for
    // ONBUILD (it only goes into the config)
    List<Integer> lines = new ArrayList<>();
    for (ExpectedStep s : chain.steps()) {
      if (!(builder.equals("buildkit") && s.keyword().equals("ONBUILD"))) {
        lines.add(s.line());
      }
    }
    int baseRows = Samples.history(DIR + engine + "/" + base(sample) + "-history.json").size();
    assertThat(report.rows().subList(baseRows, report.rows().size()))
        .extracting(HistoryRow::line)
        .isEqualTo(lines);
    assertThat(report.rows().subList(0, baseRows))
        .extracting(HistoryRow::stage)
        .allMatch(s -> s.startsWith("base "));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    // engine, sample, builder, what inspect's Size counts, what the history's sizes count
    "docker-20.10.24,legacy,legacy,uncompressed,uncompressed",
    "docker-28.5.2,today,buildkit,uncompressed,uncompressed",
    "docker-28.5.2-containerd,today,buildkit,compressed,disk usage",
    "docker-28.5.2-containerd,compressed,buildkit,compressed,disk usage",
    "podman-4.3.1,mounts,buildah,uncompressed,uncompressed",
  })
  void theTotalIsTheSumOfItsPartsAndEachFigureSaysWhatItCounts(
      String engine, String sample, String builder, String imageSize, String layerSizes)
      throws Exception {
    VerifyReport report =
        ImageVerifier.verify(
            engineWith(engine, sample, builder),
            VerifyRequest.of(image(engine, sample, builder))
                .withExpected(ExpectedChains.of(graph(sample, builder))));

    Totals t = report.totals();
    long parts =
        t.baseBytes() + t.bytesByStage().values().stream().mapToLong(Long::longValue).sum();
    assertThat(t.layerBytes()).isEqualTo(parts);
    assertThat(t.layerBytes()).isEqualTo(report.rows().stream().mapToLong(HistoryRow::size).sum());
    assertThat(t.imageSizeMeaning().words()).isEqualTo(imageSize);
    assertThat(t.layerSizeMeaning().words()).isEqualTo(layerSizes);
    if (engine.startsWith("docker-2") && !engine.endsWith("containerd")) {
      // a graph driver's image size is the sum of its layers' sizes
      assertThat(t.imageSize()).isEqualTo(t.layerBytes());
    }
  }

  @org.junit.jupiter.api.Test
  void buildKit032sEntriesMatchTheirInstructions() throws Exception {
    // BuildKit 0.32 (Docker 29.7) writes COPY --parents, drops --exclude, and HEALTHCHECK as
    // {Test:[...] Interval:30s ...}; recorded from a standalone buildkitd, which keeps no history
    // API, so the config's entries above the base are matched directly
    StageGraph graph;
    try (InputStream in =
        EngineSamplesTest.class.getResourceAsStream("samples/" + DIR + "forms32/Dockerfile")) {
      graph =
          StageGraph.of(
              Dockerfile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)),
              new GraphOptions(
                  Map.of("BASE", "127.0.0.1:5000/dmsb/busybox:latest"), null, Semantics.BUILDKIT));
    }
    ExpectedChain chain = ExpectedChains.of(graph);
    JsonNode config = Samples.json(DIR + "buildkit-0.32.2/forms32-buildkit-config.json");
    List<CreatedBy> above = new ArrayList<>();
    for (int i = 2; i < config.path("history").size(); i++) {
      above.add(CreatedBy.parse(config.path("history").get(i).path("created_by").asText()));
    }

    ChainMatcher.Result match = ChainMatcher.match(above, chain.steps(), Map.of());

    assertThat(match.missing()).isEmpty();
    List<Integer> lines = new ArrayList<>();
    for (Attribution a : match.attributions()) {
      lines.add(a.line());
    }
    List<Integer> expected = new ArrayList<>();
    chain.steps().stream()
        .filter(s -> !s.keyword().equals("ONBUILD"))
        .forEach(s -> expected.add(s.line()));
    assertThat(lines).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void buildahsEntriesForTheBuildApisLabelsAreTheBuildsLabels() throws Exception {
    // docker build --label com.example.api=yes --label org.x=1 on Podman 4.3.1: Buildah writes
    // one LABEL "key"="value" entry per label after the Dockerfile's own, like the legacy builder
    String engine = "podman-4.3.1";
    VerifyReport report =
        ImageVerifier.verify(
            engineWith(engine, "mounts-labels", "buildah"),
            VerifyRequest.of(image(engine, "mounts-labels", "buildah"))
                .withExpected(ExpectedChains.of(graph("mounts-labels", "buildah")))
                .withExpectedLayers(7));

    assertThat(report.findings()).isEmpty();
    assertThat(report.passed()).isTrue();
    List<HistoryRow> rows = report.rows();
    assertThat(rows.subList(rows.size() - 2, rows.size()))
        .extracting(HistoryRow::attribution)
        .containsExactlyInAnyOrder(
            new Attribution.BuildLabel("com.example.api"), new Attribution.BuildLabel("org.x"));
  }
}
