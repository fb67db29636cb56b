package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leak scan and forbidden paths on the shipped-builder sample with a synthetic archive. */
class FileScanTest {

  /** The shipped sample's recorded config with layers holding the files its RUNs made. */
  static FakeEngine shippedWithFiles(String builder) throws Exception {
    FakeEngine engine = Samples.engineWith("shipped", builder);
    String image = Samples.image("shipped", builder);
    List<byte[]> layers = new ArrayList<>();
    layers.add(ArchiveFixtures.layer(Map.of("bin/busybox", "elf")));
    layers.add(ArchiveFixtures.layer(Map.of("bin/sh", "")));
    layers.add(
        ArchiveFixtures.layer(
            Map.of("src/toolchain.bin", "x".repeat(300), "src/builder-secret.txt", "secret\n")));
    layers.add(ArchiveFixtures.layer(Map.of("app.bin", "built\n")));
    layers.add(ArchiveFixtures.layer(Map.of("usr/local/bin/app", "built\n")));
    String id = engine.inspect(image).id().substring(7);
    engine.archive(
        image,
        ArchiveFixtures.archive(
            id, ArchiveFixtures.config("shipped/" + builder + "-config.json"), layers));
    return engine;
  }

  @Test
  void findsFilesOnlyTheBuilderCreated() throws Exception {
    FakeEngine engine = shippedWithFiles("buildkit");
    VerifyReport report =
        ImageVerifier.verify(
            engine,
            VerifyRequest.of(Samples.image("shipped", "buildkit"))
                .withExpected(Chains.shipped())
                .withFileScan(true));

    assertThat(report.passed()).isFalse();
    List<Finding> leaks =
        report.findings().stream().filter(f -> f.rule().equals("builder-file")).toList();
    assertThat(leaks).hasSize(2);
    assertThat(leaks.get(0).evidence())
        .extracting(Evidence::path)
        .containsExactly("/src/builder-secret.txt", "/src/toolchain.bin");
    assertThat(leaks.get(0).evidence().get(0).line()).isEqualTo(2);
    assertThat(leaks.get(0).message()).contains("stage 'builder'");
    assertThat(leaks.get(1).evidence()).extracting(Evidence::path).containsExactly("/app.bin");
    assertThat(engine.exported).hasSize(1);
  }

  @Test
  void forbiddenGlobsNameTheFileAndItsLayer() throws Exception {
    FakeEngine engine = shippedWithFiles("legacy");
    VerifyReport report =
        ImageVerifier.verify(
            engine,
            VerifyRequest.of(Samples.image("shipped", "legacy"))
                .withForbidden(List.of("*secret*", "/etc/shadow")));

    Finding f = report.findings().get(0);
    assertThat(f.rule()).isEqualTo("forbidden-file");
    assertThat(f.evidence().get(0).path()).isEqualTo("/src/builder-secret.txt");
    assertThat(f.evidence().get(0).size()).isEqualTo(7);
    assertThat(f.evidence().get(0).digest())
        .isEqualTo(Samples.details("shipped/legacy-inspect.json").layers().get(2));
    assertThat(report.checks()).extracting(Check::passed).containsExactly(false);
  }

  @Test
  void emptyLayersThatHistoryCannotTellApartAreReadFromTheConfig() throws Exception {
    // one RUN changed nothing (empty_layer:true, as the legacy builder records it) and one made a
    // 0-byte layer: neither sizes nor forms tell them apart; only the config knows
    ImageDetails details =
        new ImageDetails(
            "sha256:" + "cd".repeat(32),
            List.of("x:1"),
            List.of(),
            "",
            10,
            List.of("sha256:a", "sha256:c"),
            Map.of(),
            "linux",
            "amd64");
    List<HistoryEntry> history =
        List.of(
            entry("COPY x / # buildkit", 10),
            entry("RUN /bin/sh -c rm -rf /tmp/x # buildkit", 0),
            entry("ENV A=1", 0),
            entry("RUN /bin/sh -c true # buildkit", 0));
    String config =
        "{\"rootfs\":{\"diff_ids\":[\"sha256:a\",\"sha256:c\"]},\"history\":["
            + "{\"created_by\":\"COPY x / # buildkit\"},"
            + "{\"created_by\":\"RUN /bin/sh -c rm -rf /tmp/x # buildkit\",\"empty_layer\":true},"
            + "{\"created_by\":\"ENV A=1\",\"empty_layer\":true},"
            + "{\"created_by\":\"RUN /bin/sh -c true # buildkit\"}]}";
    FakeEngine engine = new FakeEngine().add("x:1", details, history);
    engine.archive("x:1", ArchiveFixtures.archive("cd".repeat(32), config, List.of()));

    VerifyReport report = ImageVerifier.verify(engine, VerifyRequest.of("x:1"));

    assertThat(engine.exported).hasSize(1);
    assertThat(report.rows())
        .extracting(HistoryRow::emptyLayer)
        .containsExactly(false, true, true, false);
    assertThat(report.rows().get(3).digest()).hasValue("sha256:c");
  }

  private static HistoryEntry entry(String createdBy, long size) {
    return new HistoryEntry("<missing>", 0, createdBy, List.of(), size, "buildkit.dockerfile.v0");
  }
}
