package dev.dmsb.it.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** The test oracle's layer flattening, on layers made here. */
class LayerTreeTest {

  @Test
  void laterLayersReplaceAndWhiteoutsRemove() throws IOException {
    byte[] lower =
        tar(dir("etc/"), file("etc/a", "a"), dir("d/"), file("d/x", "x"), file("keep", "k"));
    byte[] upper =
        tar(
            file("etc/.wh.a", ""),
            file("d/.wh..wh..opq", ""),
            file("d/y", "y"),
            file("keep", "K2"));

    Map<String, String> tree = LayerTree.of(List.of(layer(lower), layer(gzip(upper))));

    assertThat(tree).containsOnlyKeys("etc/", "d/", "d/y", "keep");
    assertThat(tree.get("keep")).startsWith("file mode=644 uid=0 gid=0 size=2 link= ");
    assertThat(tree.get("d/")).isEqualTo("dir mode=755 uid=0 gid=0 size=0 link= ");
  }

  @Test
  void aWhiteoutOfAFolderTakesWhatIsBelowIt() throws IOException {
    byte[] lower = tar(dir("d/"), dir("d/sub/"), file("d/sub/f", "f"), file("dd", "not below d"));
    byte[] upper = tar(file(".wh.d", ""));

    assertThat(LayerTree.of(List.of(layer(lower), layer(upper)))).containsOnlyKeys("dd");
  }

  @Test
  void aFileReplacingAFolderTakesWhatWasBelowIt() throws IOException {
    byte[] lower = tar(dir("p/"), file("p/f", "f"));
    byte[] upper = tar(file("p", "now a file"));

    assertThat(LayerTree.of(List.of(layer(lower), layer(upper)))).containsOnlyKeys("p");
  }

  @Test
  void namesAreNormalizedAndLinksKept() throws IOException {
    TarArchiveEntry link = new TarArchiveEntry("./bin/sh", TarConstants.LF_SYMLINK);
    link.setLinkName("busybox");
    TarArchiveEntry hard = new TarArchiveEntry("./bin/ls", TarConstants.LF_LINK);
    hard.setLinkName("./bin/busybox");
    byte[] layer =
        tar(
            dir("./bin"),
            file("./bin/busybox", "bb"),
            new Entry(link, null),
            new Entry(hard, null));

    Map<String, String> tree = LayerTree.of(List.of(layer(layer)));

    assertThat(tree).containsOnlyKeys("bin/", "bin/busybox", "bin/sh", "bin/ls");
    assertThat(tree.get("bin/sh")).startsWith("symlink ").contains("link=busybox ");
    assertThat(tree.get("bin/ls")).startsWith("file ").contains("link=bin/busybox ");
  }

  @Test
  void aZstdLayerIsRefusedWithAMessage() {
    byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0};

    assertThatThrownBy(() -> LayerTree.of(List.of(layer(zstd)))).hasMessageContaining("zstd");
  }

  record Entry(TarArchiveEntry entry, byte[] content) {}

  static Entry dir(String name) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    e.setMode(040755);
    return new Entry(e, null);
  }

  static Entry file(String name, String content) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    e.setMode(0100644);
    e.setSize(b.length);
    return new Entry(e, b);
  }

  static byte[] tar(Entry... entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (Entry e : entries) {
        tar.putArchiveEntry(e.entry());
        if (e.content() != null) {
          tar.write(e.content());
        }
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  static LayerTree.Layer layer(byte[] b) {
    return () -> new ByteArrayInputStream(b);
  }
}
