package dev.dmsb.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmsb.dockerfile.check.BaseImages;
import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.ImageFacts;
import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import dev.dmsb.image.ImageSource;
import dev.dmsb.registry.RegistrySource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Base image configs as a build on an engine resolves them: the engine's image of the platform
 * asked, else the registry's (one manifest, or an index's image for the platform); what cannot be
 * read in time is a reason, never a hang.
 */
class ResolvedBaseImagesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  HttpServer server;
  String host;
  final Map<String, byte[]> blobs = new HashMap<>();
  final Map<String, String> manifests = new HashMap<>();
  final List<String> requests = new ArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
    host = "127.0.0.1:" + server.getAddress().getPort();
    String arm = manifest(config("linux", "arm64", List.of("PATH=/bin", "ARM=1"), List.of()));
    manifests.put("arm-only/manifests/1", arm);
    String amd =
        manifest(config("linux", "amd64", List.of("PATH=/bin", "JAVA_HOME=/opt/java"), List.of()));
    String armOfIndex = manifest(config("linux", "arm64", List.of("PATH=/bin"), List.of()));
    manifests.put(
        "multi/manifests/1", index(Map.of("linux/amd64", amd, "linux/arm64", armOfIndex)));
    manifests.put("amd-index/manifests/1", index(Map.of("linux/amd64", amd)));
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  ResolvedBaseImages registryOnly(Duration timeout) {
    return new ResolvedBaseImages(
        () -> null, ref -> new RegistrySource(ref, h -> Optional.empty(), true), timeout);
  }

  @Test
  void aSingleManifestGivesItsOwnPlatformAndConfig() throws Exception {
    try (ResolvedBaseImages images = registryOnly(Duration.ofSeconds(10))) {
      ImageFacts f = images.facts(host + "/arm-only:1", "linux/amd64").orElseThrow();
      assertThat(f.os() + "/" + f.architecture()).isEqualTo("linux/arm64");
      assertThat(f.env()).containsExactly("PATH=/bin", "ARM=1");
      // and the linter turns it into BuildKit's warning
      LintResult r =
          Linter.lint(
              "Dockerfile",
              "FROM --platform=linux/amd64 " + host + "/arm-only:1 AS app-amd64\n",
              LintOptions.defaults().withImages(images));
      assertThat(r.diagnostics())
          .filteredOn(d -> d.ruleId().equals("InvalidBaseImagePlatform"))
          .extracting(Diagnostic::message)
          .containsExactly(
              "Base image "
                  + host
                  + "/arm-only:1 was pulled with platform \"linux/arm64\", expected"
                  + " \"linux/amd64\" for current build");
    }
  }

  @Test
  void anIndexGivesTheImageOfThePlatformAskedOrSaysItHasNone() throws Exception {
    try (ResolvedBaseImages images = registryOnly(Duration.ofSeconds(10))) {
      ImageFacts arm = images.facts(host + "/multi:1", "linux/arm64").orElseThrow();
      assertThat(arm.architecture()).isEqualTo("arm64");
      ImageFacts amd = images.facts(host + "/multi:1", "linux/amd64").orElseThrow();
      assertThat(amd.architecture()).isEqualTo("amd64");
      assertThat(amd.env()).contains("JAVA_HOME=/opt/java");
      assertThatThrownBy(() -> images.facts(host + "/amd-index:1", "linux/s390x"))
          .isInstanceOf(BaseImages.Unavailable.class)
          .hasMessageContaining("has no image for linux/s390x (it has linux/amd64)");
    }
  }

  @Test
  void theEnginesImageOfThePlatformAskedComesFirst() throws Exception {
    ImageDetails local = details("linux", "amd64", List.of("LOCAL=1"));
    try (ResolvedBaseImages images =
        new ResolvedBaseImages(
            () -> engine(Map.of("app:1", local)),
            ref -> new RegistrySource(ref, h -> Optional.empty(), true),
            Duration.ofSeconds(10))) {
      assertThat(images.facts("app:1", "linux/amd64").orElseThrow().env())
          .containsExactly("LOCAL=1");
      assertThat(requests).isEmpty();
      // not on the engine: its registry is asked
      assertThat(images.facts(host + "/arm-only:1", "linux/arm64").orElseThrow().env())
          .contains("ARM=1");
      assertThat(requests).isNotEmpty();
    }
  }

  @Test
  void anUnreachableRegistryIsAReason() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (ResolvedBaseImages images = registryOnly(Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> images.facts("127.0.0.1:" + closed + "/app:1", "linux/amd64"))
          .isInstanceOf(BaseImages.Unavailable.class)
          .hasMessageContaining("127.0.0.1:" + closed);
      LintResult r =
          Linter.lint(
              "Dockerfile",
              "FROM 127.0.0.1:" + closed + "/app:1\nENV X=$MAYBE_FROM_THE_IMAGE\n",
              LintOptions.defaults().withImages(images));
      assertThat(r.ruleIds()).containsExactly("BaseImageUnread");
      assertThat(r.hasErrors()).isFalse();
    }
  }

  @Test
  void aRegistryThatNeverAnswersTimesOut() throws Exception {
    manifests.put("hang/manifests/1", "HANG");
    try (ResolvedBaseImages images = registryOnly(Duration.ofMillis(300))) {
      images.prepare(List.of(Map.entry(host + "/hang:1", "linux/amd64")));
      assertThatThrownBy(() -> images.facts(host + "/hang:1", "linux/amd64"))
          .isInstanceOf(BaseImages.Unavailable.class)
          .hasMessageContaining("no answer within");
      // asked again (dmsb build lints the canonical rewrite too): the same answer
      assertThatThrownBy(() -> images.facts(host + "/hang:1", "linux/amd64"))
          .isInstanceOf(BaseImages.Unavailable.class)
          .hasMessageContaining("no answer within");
    }
  }

  // --- the fake registry and engine

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(path);
    byte[] body = null;
    String type = "application/json";
    if (path.equals("/v2/")) {
      body = "{}".getBytes(StandardCharsets.UTF_8);
    } else if (path.startsWith("/v2/")) {
      String rest = path.substring(4);
      int blob = rest.indexOf("/blobs/");
      int manifest = rest.indexOf("/manifests/");
      if (blob >= 0) {
        body = blobs.get(rest.substring(blob + 7));
      } else if (manifest >= 0) {
        String m = manifests.get(rest);
        if (m == null) {
          m = manifests.get(rest.substring(manifest + 11)); // by digest
        }
        if ("HANG".equals(m)) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          m = null;
        }
        if (m != null) {
          body = m.getBytes(StandardCharsets.UTF_8);
          type = JSON.readTree(m).path("mediaType").asText();
        }
      }
    }
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
    } else {
      ex.getResponseHeaders().add("Content-Type", type);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private String config(String os, String arch, List<String> env, List<String> onBuild)
      throws Exception {
    byte[] c =
        JSON.writeValueAsBytes(
            Map.of(
                "os",
                os,
                "architecture",
                arch,
                "config",
                Map.of("Env", env, "OnBuild", onBuild),
                "rootfs",
                Map.of("type", "layers", "diff_ids", List.of("sha256:" + "a".repeat(64)))));
    String digest = digest(c);
    blobs.put(digest, c);
    return digest + " " + c.length;
  }

  private String manifest(String config) throws Exception {
    String[] c = config.split(" ");
    String m =
        JSON.writeValueAsString(
            Map.of(
                "schemaVersion",
                2,
                "mediaType",
                "application/vnd.oci.image.manifest.v1+json",
                "config",
                Map.of(
                    "mediaType",
                    "application/vnd.oci.image.config.v1+json",
                    "digest",
                    c[0],
                    "size",
                    Long.parseLong(c[1])),
                "layers",
                List.of(
                    Map.of(
                        "mediaType",
                        "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest",
                        "sha256:" + "b".repeat(64),
                        "size",
                        10))));
    manifests.put(digest(m.getBytes(StandardCharsets.UTF_8)), m);
    return m;
  }

  private String index(Map<String, String> byPlatform) throws Exception {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : byPlatform.entrySet()) {
      String[] p = e.getKey().split("/");
      byte[] m = e.getValue().getBytes(StandardCharsets.UTF_8);
      entries.add(
          Map.of(
              "mediaType",
              "application/vnd.oci.image.manifest.v1+json",
              "digest",
              digest(m),
              "size",
              m.length,
              "platform",
              Map.of("os", p[0], "architecture", p[1])));
    }
    return JSON.writeValueAsString(
        Map.of(
            "schemaVersion",
            2,
            "mediaType",
            "application/vnd.oci.image.index.v1+json",
            "manifests",
            entries));
  }

  private static String digest(byte[] b) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static ImageDetails details(String os, String arch, List<String> env) {
    return new ImageDetails(
        "sha256:" + "c".repeat(64),
        List.of(),
        List.of(),
        "",
        0,
        List.of(),
        Map.of(),
        os,
        arch,
        dev.dmsb.engine.SizeMeaning.UNCOMPRESSED,
        dev.dmsb.engine.SizeMeaning.UNCOMPRESSED,
        "",
        env,
        List.of(),
        List.of());
  }

  private static ImageSource engine(Map<String, ImageDetails> images) {
    return new ImageSource() {
      @Override
      public String address() {
        return "unix:///fake.sock";
      }

      @Override
      public void ping() {}

      @Override
      public ImageDetails inspect(String image) throws EngineException {
        ImageDetails d = images.get(image);
        if (d == null) {
          throw new ImageNotFoundException(image, "No such image: " + image);
        }
        return d;
      }

      @Override
      public List<HistoryEntry> history(String image) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ImageConfig config(String image, Cancellation cancellation) {
        throw new UnsupportedOperationException();
      }

      @Override
      public <T> ImageContent<T> read(String image, LayerReader<T> r, Cancellation c) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
