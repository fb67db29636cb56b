package dev.dmsb.buildkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.BuildCache;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCacheTest {
  @TempDir Path dir;

  private String cacheIn(Path folder, String tag) throws Exception {
    byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    String digest = LayoutStoreTest.sha256(manifest);
    try (Ingest w = new LayoutStore(folder).write("m", 0, "")) {
      w.write(0, ByteBuffer.wrap(manifest));
      w.commit(manifest.length, digest);
    }
    LocalCache.record(
        new BuildCache(
            List.of(),
            List.of(
                new BuildCache.Entry(
                    "local",
                    tag == null
                        ? Map.of("dest", folder.toString())
                        : Map.of("dest", folder.toString(), "tag", tag)))),
        Map.of(
            "cache.manifest",
            "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\""
                + digest
                + "\",\"size\":"
                + manifest.length
                + "}"));
    return digest;
  }

  @Test
  void anImportIsNamedByTheDigestItsTagHasAndServedUnderBuildkitsStoreId() throws Exception {
    Path folder = dir.resolve("cache");
    String digest = cacheIn(folder, null);
    assertThat(new LayoutIndex(folder).get("latest")).isPresent();
    BuildCache asked =
        new BuildCache(
            List.of(new BuildCache.Entry("local", Map.of("src", folder.toString()))), List.of());
    List<String> warnings = new ArrayList<>();
    BuildCache sent = LocalCache.prepare(asked, warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(sent.imports())
        .containsExactly(
            new BuildCache.Entry("local", Map.of("src", folder.toString(), "digest", digest)));
    assertThat(LocalCache.stores(asked)).containsOnlyKeys("local:" + folder);
  }

  @Test
  void anImportWithoutACacheIsLeftOutWithAWarning() throws Exception {
    Path folder = dir.resolve("cache");
    cacheIn(folder, "v1");
    List<String> warnings = new ArrayList<>();
    BuildCache sent =
        LocalCache.prepare(
            new BuildCache(
                List.of(
                    new BuildCache.Entry("local", Map.of("src", folder.toString())),
                    new BuildCache.Entry("local", Map.of("src", dir.resolve("none").toString())),
                    new BuildCache.Entry(
                        "local",
                        Map.of("src", folder.toString(), "digest", "sha256:" + "f".repeat(64))),
                    new BuildCache.Entry("registry", Map.of("ref", "r/app:cache"))),
                List.of()),
            warnings::add);
    assertThat(sent.imports())
        .containsExactly(new BuildCache.Entry("registry", Map.of("ref", "r/app:cache")));
    assertThat(warnings)
        .containsExactly(
            "local cache import at "
                + folder
                + " skipped: no digest found for tag latest in its index.json",
            "local cache import at " + dir.resolve("none") + " skipped: no such folder",
            "local cache import at "
                + folder
                + " skipped: digest sha256:"
                + "f".repeat(64)
                + " is not among its blobs");
  }

  @Test
  void anExportFolderIsMadeAndABadReportIsSaid() throws Exception {
    Path folder = dir.resolve("a/b/cache");
    BuildCache cache =
        new BuildCache(
            List.of(), List.of(new BuildCache.Entry("local", Map.of("dest", folder.toString()))));
    LocalCache.prepare(cache, w -> {});
    assertThat(folder).isDirectory();
    assertThat(LocalCache.record(cache, Map.of())).isEmpty();
    assertThat(folder.resolve("index.json")).doesNotExist();
    assertThatThrownBy(() -> LocalCache.record(cache, Map.of("cache.manifest", "{oops")))
        .hasMessageContaining("cache.manifest is not JSON");
    Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(
            () ->
                LocalCache.prepare(
                    new BuildCache(
                        List.of(),
                        List.of(
                            new BuildCache.Entry(
                                "local", Map.of("dest", dir.resolve("file").toString())))),
                    w -> {}))
        .isInstanceOf(java.io.IOException.class);
  }
}
