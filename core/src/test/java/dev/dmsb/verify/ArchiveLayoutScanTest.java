package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.archive.ArchiveLayouts;
import dev.dmsb.archive.ArchiveLayouts.Compression;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dmsb verify --forbid} on the image archive of each engine: with the containerd image store
 * (compressed OCI blobs) it failed with "the image archive lacks layer blobs/sha256/...".
 */
class ArchiveLayoutScanTest {

  static Stream<Arguments> saves() throws Exception {
    List<byte[]> layers = layers();
    return Stream.of(
        Arguments.of("classic", ArchiveLayouts.classic("app:1", layers)),
        Arguments.of("docker 25+", ArchiveLayouts.dockerOci("app:1", layers, Compression.NONE)),
        Arguments.of(
            "containerd gzip", ArchiveLayouts.dockerOci("app:1", layers, Compression.GZIP)),
        Arguments.of(
            "containerd zstd", ArchiveLayouts.dockerOci("app:1", layers, Compression.ZSTD)));
  }

  static List<byte[]> layers() throws Exception {
    byte[] secret = ArchiveLayouts.layer(Map.of("root/.ssh/", "", "root/.ssh/id_rsa", "k"));
    return List.of(
        ArchiveLayouts.layer(Map.of("bin/", "", "bin/sh", "elf")),
        ArchiveLayouts.emptyLayer(),
        secret,
        ArchiveLayouts.layer(Map.of("root/.ssh/.wh.id_rsa", "")),
        secret);
  }

  static FakeEngine engine(byte[] archive) throws Exception {
    List<byte[]> layers = layers();
    List<String> diffIds = new ArrayList<>();
    List<HistoryEntry> history = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      diffIds.add(ArchiveLayouts.digest(layers.get(i)));
      // sizes 0 throughout: only the config tells the empty layer apart
      history.add(
          new HistoryEntry(
              "<missing>", 0, "RUN /bin/sh -c step" + i + " # buildkit", List.of(), 0, ""));
    }
    history.add(new HistoryEntry("<missing>", 0, "CMD [\"/app\"]", List.of(), 0, ""));
    String id = ArchiveLayouts.digest(ArchiveLayouts.config(layers).getBytes());
    ImageDetails details =
        new ImageDetails(
            id, List.of("app:1"), List.of(), "", 100, diffIds, Map.of(), "linux", "amd64");
    return new FakeEngine().add("app:1", details, history).archive("app:1", archive);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("saves")
  void forbidFindsTheFileALaterCopyOfALayerBringsBack(String layout, byte[] archive)
      throws Exception {
    VerifyReport report =
        ImageVerifier.verify(
            engine(archive), VerifyRequest.of("app:1").withForbidden(List.of("/root/.ssh/**")));

    assertThat(report.passed()).isFalse();
    Finding finding =
        report.findings().stream()
            .filter(f -> f.rule().equals("forbidden-file"))
            .findFirst()
            .orElseThrow();
    assertThat(finding.evidence()).extracting(Evidence::path).containsExactly("/root/.ssh/id_rsa");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("saves")
  void countsTheLayersTheConfigHolds(String layout, byte[] archive) throws Exception {
    VerifyRequest request = VerifyRequest.of("app:1").withFileScan(true);

    assertThat(ImageVerifier.verify(engine(archive), request.withExpectedLayers(5)).passed())
        .isTrue();
    assertThat(ImageVerifier.verify(engine(archive), request.withExpectedLayers(4)).passed())
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("saves")
  void theReportAndTheFileListComeFromOneExport(String layout, byte[] archive) throws Exception {
    FakeEngine engine = engine(archive);
    ImageVerifier.Verified verified =
        ImageVerifier.verifyAndList(
            new dev.dmsb.daemon.DaemonImageSource(engine),
            VerifyRequest.of("app:1").withForbidden(List.of("*.pem")),
            true,
            dev.dmsb.engine.Cancellation.create());

    assertThat(verified.report().passed()).isTrue(); // no path matches *.pem
    assertThat(verified.files().orElseThrow())
        .extracting(ImageContents.Entry::path)
        .contains("/bin/sh", "/root/.ssh/id_rsa");
    assertThat(engine.exported).hasSize(1);
  }
}
