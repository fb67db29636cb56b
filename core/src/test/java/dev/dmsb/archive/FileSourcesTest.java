package dev.dmsb.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.archive.ArchiveLayouts.Compression;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** oci:DIR, oci-archive:FILE and docker-archive:FILE read with no engine. */
class FileSourcesTest {
  @TempDir Path dir;

  static void write(Path dir, Map<String, byte[]> files) throws Exception {
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
  }

  void readsTheImage(ImageSource source, String name) throws Exception {
    List<byte[]> layers = ArchiveStreamTest.layers();
    source.ping();
    ImageDetails details = source.inspect(name);
    assertThat(details.id()).isEqualTo(ArchiveLayouts.digest(ArchiveLayouts.config(layers)));
    assertThat(details.layers()).hasSize(5).first().isEqualTo(ArchiveLayouts.digest(layers.get(0)));
    assertThat(details.labels()).containsEntry("stage", "final");
    List<HistoryEntry> history = source.history(details.id());
    assertThat(history).hasSize(6);
    assertThat(history.get(0).size()).isPositive();
    assertThat(history.get(5).size()).isZero();
    assertThat(source.config(details.id(), Cancellation.create()).history().get(5).emptyLayer())
        .isTrue();
    ImageContent<List<String>> content =
        source.read(details.id(), ArchiveStreamTest::names, Cancellation.create());
    assertThat(content.layers().get(4)).containsExactly("app/", "app/bin", "app/key.pem");
    assertThat(content.layers().get(1)).isEmpty();
  }

  @Test
  void ociLayoutFolder() throws Exception {
    write(dir, ArchiveLayouts.ociLayout("app:1", ArchiveStreamTest.layers(), Compression.ZSTD));
    readsTheImage(new OciLayoutSource(dir), "");
    readsTheImage(new OciLayoutSource(dir), "app:1");
    assertThatThrownBy(() -> new OciLayoutSource(dir).inspect("other"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("no image named other (it holds app:1)");
  }

  @Test
  void ociArchive() throws Exception {
    Path file = dir.resolve("app.tar");
    Files.write(
        file, ArchiveLayouts.ociArchive("app:1", ArchiveStreamTest.layers(), Compression.GZIP));
    readsTheImage(new ArchiveFileSource(file, "oci-archive"), "");
  }

  @Test
  void dockerArchiveInEachLayout() throws Exception {
    List<byte[]> layers = ArchiveStreamTest.layers();
    Map<String, byte[]> saves =
        Map.of(
            "classic.tar", ArchiveLayouts.classic("app:1", layers),
            "oci.tar", ArchiveLayouts.dockerOci("app:1", layers, Compression.NONE),
            "c8d.tar", ArchiveLayouts.dockerOci("app:1", layers, Compression.GZIP));
    for (Map.Entry<String, byte[]> save : saves.entrySet()) {
      Path file = dir.resolve(save.getKey());
      Files.write(file, save.getValue());
      readsTheImage(new ArchiveFileSource(file, "docker-archive"), "");
      readsTheImage(new ArchiveFileSource(file, "docker-archive"), "app:1");
      assertThatThrownBy(() -> new ArchiveFileSource(file, "docker-archive").inspect("b:2"))
          .isInstanceOf(ImageNotFoundException.class)
          .hasMessageContaining("holds no image tagged b:2 (it holds app:1)");
    }
  }

  @Test
  void aMissingFileIsNotFound() {
    assertThatThrownBy(
            () -> new ArchiveFileSource(dir.resolve("nope.tar"), "docker-archive").ping())
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> new OciLayoutSource(dir).ping())
        .hasMessageContaining("is not an OCI image layout");
  }
}
