package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import dev.dmsb.it.buildkit.Buildctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cache-to type=local,dest=DIR} and {@code --cache-from type=local,src=DIR} on a
 * standalone buildkitd: the folder dmsb serves as a content store on the session becomes an OCI
 * layout like the one buildctl writes for the same build, and a daemon that never built the
 * context, given the folder, runs none of the cached steps.
 */
@Tag(BuildkitdSupport.TAG)
class BuildkitdLocalCacheIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  @TempDir Path dir;
  Path context;

  @BeforeEach
  void seed() throws Exception {
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("hello.txt"), "hello " + UUID.randomUUID() + "\n");
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM 127.0.0.1:5000/dmsb/busybox:latest AS builder
        COPY hello.txt /work/hello.txt
        RUN cp /work/hello.txt /work/out.txt && echo built >> /work/out.txt
        FROM 127.0.0.1:5000/dmsb/busybox:latest
        COPY --from=builder /work/out.txt /app/out.txt
        RUN chmod 0640 /app/out.txt
        """);
  }

  @Test
  void aLocalCacheFolderRoundTripsToADaemonWithAnEmptyRoot() throws Exception {
    Path cache = dir.resolve("cache");
    DmsbBuildIT.Run export =
        DmsbBuildIT.dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "-q",
            "--cache-to",
            "type=local,dest=" + cache + ",mode=max",
            context.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    JsonNode manifest = checkedLayout(cache);

    DmsbBuildIT.Run imported =
        DmsbBuildIT.dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.emptyHost(),
            "--progress",
            "plain",
            "--cache-from",
            "type=local,src=" + cache,
            context.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.err())
        // BuildKit names the store by a number of its own in the progress
        .contains("importing cache manifest from local:")
        .containsPattern("RUN cp /work/hello.txt[^\n]*\n#\\d+ CACHED")
        .containsPattern("RUN chmod 0640 /app/out.txt\n#\\d+ CACHED");

    // buildctl's folder for the same build: the same files, an index of the same form
    Path theirs = dir.resolve("buildctl-cache");
    Buildctl.Result r =
        Buildctl.at(BuildkitdSupport.buildctl(), BuildkitdSupport.unixHost())
            .build(
                context,
                context,
                List.of("--export-cache", "type=local,dest=" + theirs + ",mode=max"));
    assertThat(r.ok()).as(r.output()).isTrue();
    JsonNode theirManifest = checkedLayout(theirs);
    assertThat(names(cache)).isEqualTo(names(theirs));
    assertThat(manifest.get("mediaType")).isEqualTo(theirManifest.get("mediaType"));
    assertThat(manifest.get("annotations")).isEqualTo(theirManifest.get("annotations"));
    assertThat(JSON.readTree(cache.resolve("index.json").toFile()).fieldNames())
        .toIterable()
        .containsExactlyElementsOf(
            () -> {
              try {
                return JSON.readTree(theirs.resolve("index.json").toFile()).fieldNames();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  @Test
  void aSecondExportIntoTheSameFolderRetagsLatestAndKeepsTheBlobs() throws Exception {
    Path cache = dir.resolve("cache");
    for (String tag : new String[] {"latest", "v1"}) {
      DmsbBuildIT.Run export =
          DmsbBuildIT.dmsb(
              "build",
              "--buildkit-host",
              BuildkitdSupport.unixHost(),
              "-q",
              "--cache-to",
              "type=local,dest=" + cache + ",tag=" + tag,
              context.toString());
      assertThat(export.exit()).as(export.err()).isZero();
    }
    JsonNode index = JSON.readTree(cache.resolve("index.json").toFile());
    assertThat(index.get("manifests")).hasSize(2);
    Set<String> tags = new TreeSet<>();
    index
        .get("manifests")
        .forEach(m -> tags.add(m.at("/annotations/org.opencontainers.image.ref.name").asText()));
    assertThat(tags).containsExactly("latest", "v1");
    checkedLayout(cache);

    DmsbBuildIT.Run missing =
        DmsbBuildIT.dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "-q",
            "--cache-from",
            "type=local,src=" + cache + ",tag=v2",
            context.toString());
    assertThat(missing.exit()).as(missing.err()).isZero();
    // a warning, so it shows whatever the progress mode, -q too
    assertThat(missing.err())
        .contains(
            "dmsb: warning: local cache import at "
                + cache
                + " skipped: no digest found for tag v2");
  }

  @Test
  void concurrentBuildsIntoOneFolderKeepItWhole() throws Exception {
    Path cache = dir.resolve("shared-cache");
    Path other = Files.createDirectories(dir.resolve("ctx2"));
    Files.writeString(other.resolve("hello.txt"), "other " + UUID.randomUUID() + "\n");
    Files.copy(context.resolve("Dockerfile"), other.resolve("Dockerfile"));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> exportTo(cache, context, "a"));
      var second = pool.submit(() -> exportTo(cache, other, "b"));
      for (DmsbBuildIT.Run r : List.of(first.get(), second.get())) {
        assertThat(r.exit()).as(r.err()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode index = JSON.readTree(cache.resolve("index.json").toFile());
    Set<String> tags = new TreeSet<>();
    index
        .get("manifests")
        .forEach(m -> tags.add(m.at("/annotations/org.opencontainers.image.ref.name").asText()));
    assertThat(tags).containsExactly("a", "b");
    try (Stream<Path> blobs = Files.list(cache.resolve("blobs/sha256"))) {
      for (Path b : blobs.toList()) {
        assertThat(sha256(b)).as(b.toString()).isEqualTo(b.getFileName().toString());
      }
    }
    for (JsonNode m : index.get("manifests")) {
      assertThat(blob(cache, m.get("digest").asText())).exists();
    }
    try (Stream<Path> ingest = Files.list(cache.resolve("ingest"))) {
      assertThat(ingest).isEmpty();
    }
  }

  private static DmsbBuildIT.Run exportTo(Path cache, Path context, String tag) {
    return DmsbBuildIT.dmsb(
        "build",
        "--buildkit-host",
        BuildkitdSupport.unixHost(),
        "-q",
        "--cache-to",
        "type=local,dest=" + cache + ",mode=max,tag=" + tag,
        context.toString());
  }

  @Test
  void anOciLayoutFolderOutputIsBuildctlsAndVerifiable() throws Exception {
    Path layout = dir.resolve("layout");
    DmsbBuildIT.Run built =
        DmsbBuildIT.dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "-q",
            "-o",
            "type=oci,dest=" + layout + ",tar=false",
            context.toString());
    assertThat(built.exit()).as(built.err()).isZero();
    assertThat(built.out().strip()).startsWith("sha256:");
    JsonNode entry = checkedLayout(layout);
    assertThat(entry.get("digest").asText()).isEqualTo(built.out().strip());

    Path theirs = dir.resolve("buildctl-layout");
    Buildctl.Result r =
        Buildctl.at(BuildkitdSupport.buildctl(), BuildkitdSupport.unixHost())
            .build(context, context, List.of("--output", "type=oci,dest=" + theirs + ",tar=false"));
    assertThat(r.ok()).as(r.output()).isTrue();
    JsonNode theirEntry = checkedLayout(theirs);
    assertThat(names(layout)).isEqualTo(names(theirs));
    // the same annotations (the creation time differs by the second the build ended)
    assertThat(keys(entry.get("annotations"))).isEqualTo(keys(theirEntry.get("annotations")));
    assertThat(entry.at("/annotations/org.opencontainers.image.ref.name").asText())
        .isEqualTo("latest");
    assertThat(entry.get("mediaType")).isEqualTo(theirEntry.get("mediaType"));

    DmsbBuildIT.Run clean =
        DmsbBuildIT.dmsb(
            "verify",
            "oci:" + layout + ":latest",
            "-f",
            context.resolve("Dockerfile").toString(),
            "--forbid",
            "/work/**");
    assertThat(clean.exit()).as(clean.err() + clean.out()).isZero();
    DmsbBuildIT.Run caught =
        DmsbBuildIT.dmsb("verify", "oci:" + layout + ":latest", "--forbid", "/app/out.txt");
    assertThat(caught.exit()).as(caught.err() + caught.out()).isEqualTo(1);
    assertThat(caught.out()).contains("/app/out.txt");
  }

  @Test
  void aDockerEngineImportsTheFolderThroughItsGrpcAndSaysWhatItCannotDo() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        TestEngine.hasBuildkit() && !TestEngine.isPodman(), "BuildKit's /grpc");
    Path cache = dir.resolve("cache");
    DmsbBuildIT.Run export =
        DmsbBuildIT.dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "-q",
            "--cache-to",
            "type=local,dest=" + cache + ",mode=max",
            context.toString());
    assertThat(export.exit()).as(export.err()).isZero();

    String tag = SUPPORT.imageName("local-cache");
    DmsbBuildIT.Run imported =
        DmsbBuildIT.dmsb(
            "build",
            "--engine-api",
            "grpc",
            "-t",
            tag,
            "--progress",
            "plain",
            "--cache-from",
            "type=local,src=" + cache,
            context.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    // It reads the cache manifest through the session. Its steps are not found in that cache,
    // which the buildkitd's much newer BuildKit (0.32; 0.8 in Docker 20.10) wrote, so they run.
    assertThat(imported.err())
        .containsPattern("#(\\d+) importing cache manifest from local:\\d+\n(?s:.*)#\\1 DONE")
        .doesNotContain("ERROR");

    DmsbBuildIT.Run viaBuild =
        DmsbBuildIT.dmsb(
            "build", "-q", "--cache-from", "type=local,src=" + cache, context.toString());
    assertThat(viaBuild.exit()).isNotZero();
    assertThat(viaBuild.err())
        .contains("--cache-from type=local")
        .contains("--engine-api grpc")
        .doesNotContain("\tat ");
    for (String api : new String[] {"session", "grpc"}) {
      DmsbBuildIT.Run exported =
          DmsbBuildIT.dmsb(
              "build",
              "-q",
              "--engine-api",
              api,
              "--cache-to",
              "type=local,dest=" + dir.resolve("engine-cache"),
              context.toString());
      assertThat(exported.exit()).as(api).isNotZero();
      assertThat(exported.err())
          .as(api)
          .contains("exports only inline cache")
          .contains("--buildkit-host")
          .doesNotContain("\tat ");
    }
  }

  /**
   * Checks the layout: {@code oci-layout}, an index whose {@code latest} names a blob in the
   * folder, every blob's name its content's digest, and every blob the cache manifest names
   * present; returns the index's entry.
   */
  private static JsonNode checkedLayout(Path layout) throws Exception {
    assertThat(
            JSON.readTree(layout.resolve("oci-layout").toFile()).get("imageLayoutVersion").asText())
        .isEqualTo("1.0.0");
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    assertThat(index.get("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.get("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    JsonNode latest = null;
    for (JsonNode m : index.get("manifests")) {
      if ("latest".equals(m.at("/annotations/org.opencontainers.image.ref.name").asText())) {
        latest = m;
      }
    }
    assertThat(latest).as(index.toString()).isNotNull();
    try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
      for (Path b : blobs.toList()) {
        assertThat(sha256(b)).as(b.toString()).isEqualTo(b.getFileName().toString());
      }
    }
    Path top = blob(layout, latest.get("digest").asText());
    assertThat(Files.size(top)).isEqualTo(latest.get("size").asLong());
    JsonNode manifest = JSON.readTree(top.toFile());
    JsonNode manifests =
        manifest.has("manifests") ? manifest.get("manifests") : manifest.get("layers");
    assertThat(manifests).isNotEmpty();
    for (JsonNode m : manifests) {
      assertThat(blob(layout, m.get("digest").asText())).exists();
    }
    if (manifest.has("config")) {
      assertThat(blob(layout, manifest.at("/config/digest").asText())).exists();
    }
    assertThat(layout.resolve("index.json.lock")).doesNotExist();
    return latest;
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new TreeSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static Set<String> names(Path layout) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> top = Files.list(layout)) {
      top.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        d.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
