package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageArchiveScannerTest {
  /** What the Docker engine's image source makes of a {@code docker save} stream. */
  static final class ImageArchiveScannerOf {
    static ImageArchive readAll(java.io.InputStream archive) throws IOException {
      return ImageArchiveScanner.of(
          dev.dmsb.archive.ArchiveStream.read(archive, ImageArchiveScanner::list));
    }

    static ImageArchive readConfig(java.io.InputStream archive) throws IOException {
      return ImageArchiveScanner.of(dev.dmsb.archive.ArchiveStream.readConfig(archive));
    }
  }

  static final String CONFIG =
      "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:a\",\"sha256:b\",\"sha256:c\"]},"
          + "\"history\":[{\"created_by\":\"COPY x / # buildkit\"},"
          + "{\"created_by\":\"ENV A=1\",\"empty_layer\":true},"
          + "{\"created_by\":\"RUN /bin/sh -c rm -rf /tmp/x # buildkit\"},"
          + "{\"created_by\":\"RUN /bin/sh -c true # buildkit\"}]}";

  static byte[] threeLayers() throws IOException {
    return ArchiveFixtures.archive(
        "ab".repeat(32),
        CONFIG,
        List.of(
            ArchiveFixtures.layer(
                Map.of(
                    "etc/", "",
                    "etc/passwd", "root",
                    "tmp/x/secret.pem", "key",
                    "opt/cache/a", "1",
                    "opt/cache/b", "2")),
            ArchiveFixtures.layer(Map.of("tmp/.wh.x", "", "opt/cache/.wh..wh..opq", "")),
            ArchiveFixtures.layer(Map.of("opt/cache/c", "33", "etc/passwd", "root2"))));
  }

  @Test
  void readsConfigAndLayersInManifestOrderThoughTheArchiveIsInNameOrder() throws IOException {
    ImageArchive archive = ImageArchiveScannerOf.readAll(new ByteArrayInputStream(threeLayers()));

    assertThat(archive.diffIds()).containsExactly("sha256:a", "sha256:b", "sha256:c");
    assertThat(archive.history())
        .extracting(ImageArchive.ConfigEntry::emptyLayer)
        .containsExactly(false, true, false, false);
    assertThat(archive.layers()).hasSize(3);
    assertThat(archive.layers().get(0).entries())
        .extracting(ImageArchive.FileEntry::path)
        .contains("/etc", "/etc/passwd", "/tmp/x/secret.pem");
    assertThat(archive.layers().get(1).entries())
        .extracting(ImageArchive.FileEntry::kind)
        .containsExactlyInAnyOrder(ImageArchive.Kind.OPAQUE, ImageArchive.Kind.WHITEOUT);
  }

  @Test
  void whiteoutsAndOpaqueDirectoriesRemoveLowerFiles() throws IOException {
    ImageFiles files =
        ImageFiles.stack(
            ImageArchiveScannerOf.readAll(new ByteArrayInputStream(threeLayers())).layers());

    assertThat(files.paths().keySet()).containsExactly("/etc", "/etc/passwd", "/opt/cache/c");
    assertThat(files.paths().get("/etc/passwd").layer()).isEqualTo(2);
    assertThat(files.paths().get("/etc/passwd").size()).isEqualTo(5);
  }

  @Test
  void configOnlyStopsAtTheConfig() throws IOException {
    ImageArchive archive =
        ImageArchiveScannerOf.readConfig(new ByteArrayInputStream(threeLayers()));

    assertThat(archive.history()).hasSize(4);
    assertThat(archive.layers()).isEmpty();
  }

  @Test
  void anArchiveWithoutConfigIsAnError() throws IOException {
    byte[] layerOnly = ArchiveFixtures.layer(Map.of("a", "b"));
    assertThatThrownBy(() -> ImageArchiveScannerOf.readAll(new ByteArrayInputStream(layerOnly)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no image config");
  }
}
