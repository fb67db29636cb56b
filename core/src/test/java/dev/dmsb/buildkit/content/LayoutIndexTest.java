package dev.dmsb.buildkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutIndexTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static JsonNode descriptor(char hex) throws Exception {
    return JSON.readTree(
        "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:"
            + String.valueOf(hex).repeat(64)
            + "\",\"size\":123}");
  }

  @Test
  void aTagIsPutAsBuildkitsClientWritesIt() throws Exception {
    new LayoutIndex(dir).put(descriptor('a'), "latest");
    assertThat(dir.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThat(dir.resolve("index.json"))
        .hasContent(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"digest\":\"sha256:"
                + "a".repeat(64)
                + "\",\"size\":123,\"annotations\":{\"org.opencontainers.image.ref.name\":"
                + "\"latest\"}}]}");
    assertThat(dir.resolve("index.json.lock")).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("oci-layout", "index.json");
    }
  }

  @Test
  void puttingATagReplacesItsEntryAndKeepsTheOthers() throws Exception {
    LayoutIndex index = new LayoutIndex(dir);
    index.put(descriptor('a'), "latest");
    index.put(descriptor('b'), "v1");
    index.put(descriptor('c'), "latest");
    assertThat(index.get("latest"))
        .get()
        .extracting(d -> d.get("digest").asText())
        .isEqualTo("sha256:" + "c".repeat(64));
    assertThat(index.get("v1"))
        .get()
        .extracting(d -> d.get("digest").asText())
        .isEqualTo("sha256:" + "b".repeat(64));
    assertThat(JSON.readTree(dir.resolve("index.json").toFile()).get("manifests")).hasSize(2);
    assertThat(index.get("v2")).isEmpty();
  }

  @Test
  void anImageIsNamedByItsNameAndTagAsBuildkitsClientNamesIt() throws Exception {
    LayoutIndex index = new LayoutIndex(dir);
    index.putImage(descriptor('a'), "127.0.0.1:5000/app:1");
    index.putImage(descriptor('b'), "other/app:1");
    index.putImage(descriptor('c'), "127.0.0.1:5000/app:1");
    JsonNode manifests = JSON.readTree(dir.resolve("index.json").toFile()).get("manifests");
    assertThat(manifests).hasSize(2);
    assertThat(manifests.get(1).get("annotations").toString())
        .isEqualTo(
            "{\"io.containerd.image.name\":\"127.0.0.1:5000/app:1\","
                + "\"org.opencontainers.image.ref.name\":\"1\"}");
    assertThat(index.get("127.0.0.1:5000/app:1"))
        .get()
        .extracting(d -> d.get("digest").asText())
        .isEqualTo("sha256:" + "c".repeat(64));
    assertThat(LayoutIndex.referenceName("127.0.0.1:5000/app")).isEmpty();
    assertThat(LayoutIndex.referenceName("docker.io/a/app:1@sha256:ab")).isEqualTo("1@sha256:ab");
    assertThat(LayoutIndex.referenceName("docker.io/a/app@sha256:ab")).isEqualTo("@sha256:ab");
    assertThat(LayoutIndex.referenceName("app:1")).isEqualTo("app:1");
  }

  @Test
  void anImageNameIsFoundBeforeARefName() throws Exception {
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":["
            + "{\"digest\":\"sha256:1\",\"annotations\":{\"org.opencontainers.image.ref.name\":\"x\"}},"
            + "{\"digest\":\"sha256:2\",\"annotations\":{\"io.containerd.image.name\":\"x\"}}]}");
    assertThat(new LayoutIndex(dir).get("x"))
        .get()
        .extracting(d -> d.get("digest").asText())
        .isEqualTo("sha256:2");
  }

  @Test
  void aFolderWithoutAnIndexHasNoTagsAndABrokenIndexIsSaid() throws Exception {
    assertThat(new LayoutIndex(dir).get("latest")).isEmpty();
    Files.writeString(dir.resolve("index.json"), "{not json");
    assertThatThrownBy(() -> new LayoutIndex(dir).get("latest"))
        .hasMessageContaining("index.json is not JSON");
    assertThatThrownBy(() -> new LayoutIndex(dir).put(descriptor('a'), "latest"))
        .hasMessageContaining("index.json is not JSON");
    assertThat(dir.resolve("index.json")).hasContent("{not json");
  }

  @Test
  void concurrentPutsKeepEveryTag() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      String hex = "0123456789abcdef";
      for (int i = 0; i < 16; i++) {
        char c = hex.charAt(i);
        String tag = "t" + i;
        done.add(
            pool.submit(
                () -> {
                  new LayoutIndex(dir).put(descriptor(c), tag);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(JSON.readTree(dir.resolve("index.json").toFile()).get("manifests")).hasSize(16);
    assertThat(dir.resolve("index.json.lock")).doesNotExist();
  }
}
