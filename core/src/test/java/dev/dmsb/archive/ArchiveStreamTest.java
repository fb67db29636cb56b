package dev.dmsb.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.archive.ArchiveLayouts.Compression;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One image in every layout an engine's {@code docker save} (or skopeo) writes: the same config and
 * the same layers must come out, in RootFS order, whatever the layout, the compression, a layer
 * stored once for two places, or an empty layer with no tar header.
 */
class ArchiveStreamTest {

  static List<byte[]> layers() throws IOException {
    byte[] app = ArchiveLayouts.layer(Map.of("app/", "", "app/bin", "elf", "app/key.pem", "k"));
    return List.of(
        ArchiveLayouts.layer(Map.of("etc/", "", "etc/passwd", "root")),
        ArchiveLayouts.emptyLayer(), // WORKDIR on newer BuildKit keeps an empty layer
        app,
        ArchiveLayouts.layer(Map.of("app/.wh.key.pem", "")),
        app); // the same layer again: stored once, linked
  }

  static Stream<Arguments> layouts() throws IOException {
    List<byte[]> layers = layers();
    return Stream.of(
        Arguments.of("docker 20.10 (classic)", ArchiveLayouts.classic("app:1", layers)),
        Arguments.of(
            "docker 25+ (OCI, tar blobs)",
            ArchiveLayouts.dockerOci("app:1", layers, Compression.NONE)),
        Arguments.of(
            "containerd store, gzip", ArchiveLayouts.dockerOci("app:1", layers, Compression.GZIP)),
        Arguments.of(
            "containerd store, zstd", ArchiveLayouts.dockerOci("app:1", layers, Compression.ZSTD)),
        Arguments.of(
            "oci-archive (no manifest.json), gzip",
            ArchiveLayouts.ociArchive("app:1", layers, Compression.GZIP)));
  }

  /** The names in a layer tar, as a reader sees them. */
  static List<String> names(InputStream layerTar) throws IOException {
    List<String> names = new ArrayList<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(layerTar);
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      names.add(e.getName());
    }
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void readsEveryLayerInRootfsOrder(String layout, byte[] archive) throws IOException {
    ImageContent<List<String>> content =
        ArchiveStream.read(new ByteArrayInputStream(archive), ArchiveStreamTest::names);

    assertThat(content.config().diffIds()).hasSize(5);
    assertThat(content.layers())
        .containsExactly(
            List.of("etc/", "etc/passwd"),
            List.of(),
            List.of("app/", "app/bin", "app/key.pem"),
            List.of("app/.wh.key.pem"),
            List.of("app/", "app/bin", "app/key.pem"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void readsTheConfigAlone(String layout, byte[] archive) throws IOException {
    ImageConfig config = ArchiveStream.readConfig(new ByteArrayInputStream(archive));

    assertThat(config.history()).hasSize(6);
    assertThat(config.history().get(5).emptyLayer()).isTrue();
    assertThat(config.diffIds()).first().isEqualTo(ArchiveLayouts.digest(layers().get(0)));
  }
}
