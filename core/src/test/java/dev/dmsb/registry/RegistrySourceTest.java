package dev.dmsb.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dmsb.archive.ArchiveLayouts;
import dev.dmsb.archive.ArchiveLayouts.Compression;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.SizeMeaning;
import dev.dmsb.image.ImageContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registry on loopback that asks for a Bearer token (realm, service, scope), hands one out only
 * for the right basic credentials, and serves an OCI index whose platform manifest holds zstd
 * layers.
 */
class RegistrySourceTest {
  static final String TOKEN = "t0ken";
  HttpServer server;
  String host;
  final Map<String, byte[]> blobs = new HashMap<>();
  final Map<String, String> types = new HashMap<>();
  final List<String> requests = new ArrayList<>();
  String tagTarget;

  @BeforeEach
  void start() throws Exception {
    Map<String, byte[]> layout =
        ArchiveLayouts.ociLayout("ignored", layersWithSecret(), Compression.ZSTD);
    String manifestDigest = null;
    for (Map.Entry<String, byte[]> f : layout.entrySet()) {
      if (f.getKey().startsWith("blobs/sha256/")) {
        String digest = "sha256:" + f.getKey().substring("blobs/sha256/".length());
        blobs.put(digest, f.getValue());
        if (new String(f.getValue(), StandardCharsets.ISO_8859_1).contains("\"schemaVersion\"")) {
          manifestDigest = digest;
          types.put(digest, "application/vnd.oci.image.manifest.v1+json");
        }
      }
    }
    String index =
        new ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "schemaVersion",
                    2,
                    "mediaType",
                    "application/vnd.oci.image.index.v1+json",
                    "manifests",
                    List.of(
                        Map.of(
                            "digest",
                            "sha256:" + "e".repeat(64),
                            "platform",
                            Map.of("os", "linux", "architecture", "s390x")),
                        Map.of(
                            "digest",
                            manifestDigest,
                            "platform",
                            Map.of("os", "linux", "architecture", archOfThisMachine())),
                        Map.of(
                            "digest",
                            "sha256:" + "f".repeat(64),
                            "platform",
                            Map.of("os", "unknown", "architecture", "unknown")))));
    tagTarget = ArchiveLayouts.digest(index.getBytes(StandardCharsets.UTF_8));
    blobs.put(tagTarget, index.getBytes(StandardCharsets.UTF_8));
    types.put(tagTarget, "application/vnd.oci.image.index.v1+json");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    host = "127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", this::handle);
    server.start();
  }

  static String archOfThisMachine() {
    String a = System.getProperty("os.arch");
    return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }

  static List<byte[]> layersWithSecret() throws IOException {
    return List.of(
        ArchiveLayouts.layer(Map.of("bin/", "", "bin/sh", "elf")),
        ArchiveLayouts.layer(Map.of("root/.ssh/", "", "root/.ssh/id_rsa", "k")));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String auth = x.getRequestHeaders().getFirst("Authorization");
    requests.add(x.getRequestMethod() + " " + x.getRequestURI());
    if (path.equals("/token") && x.getRequestMethod().equals("POST")) {
      String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (form.contains("grant_type=refresh_token")
          && form.contains("refresh_token=id-t0ken")
          && form.contains("scope=repository%3Ateam%2Fapp%3Apull")) {
        send(x, 200, "{\"access_token\":\"" + TOKEN + "\"}", "application/json");
      } else {
        send(x, 401, "{\"errors\":[{\"message\":\"bad refresh token\"}]}", "application/json");
      }
      return;
    }
    if (path.equals("/token")) {
      String good = "Basic " + Base64.getEncoder().encodeToString("dmsb:dmsb-secret".getBytes());
      String query = x.getRequestURI().getQuery();
      if (!good.equals(auth) || !query.contains("scope=repository:team/app:pull")) {
        send(x, 401, "{\"errors\":[{\"message\":\"bad credentials\"}]}", "application/json");
      } else {
        send(x, 200, "{\"token\":\"" + TOKEN + "\"}", "application/json");
      }
      return;
    }
    if (!("Bearer " + TOKEN).equals(auth)) {
      x.getResponseHeaders()
          .add(
              "WWW-Authenticate",
              "Bearer realm=\"http://" + host + "/token\",service=\"test-registry\"");
      send(x, 401, "{\"errors\":[{\"message\":\"authentication required\"}]}", "application/json");
      return;
    }
    if (path.equals("/v2/")) {
      send(x, 200, "{}", "application/json");
    } else if (path.equals("/v2/team/app/manifests/1")) {
      sendBlob(x, tagTarget);
    } else if (path.startsWith("/v2/team/app/manifests/sha256:")
        || path.startsWith("/v2/team/app/blobs/")) {
      sendBlob(x, path.substring(path.lastIndexOf('/') + 1));
    } else {
      send(x, 404, "{\"errors\":[{\"message\":\"manifest unknown\"}]}", "application/json");
    }
  }

  private void sendBlob(HttpExchange x, String digest) throws IOException {
    byte[] body = blobs.get(digest);
    if (body == null) {
      send(x, 404, "{\"errors\":[{\"message\":\"blob unknown\"}]}", "application/json");
      return;
    }
    x.getResponseHeaders()
        .add("Content-Type", types.getOrDefault(digest, "application/octet-stream"));
    x.getResponseHeaders().add("Docker-Content-Digest", digest);
    x.sendResponseHeaders(200, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  private static void send(HttpExchange x, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  RegistrySource source(String user, String password) {
    return new RegistrySource(
        host + "/team/app:1",
        h -> {
          assertThat(h).isEqualTo(host);
          return user == null
              ? Optional.empty()
              : Optional.of(new RegistryAuth(h, user, password, null));
        },
        true);
  }

  static List<String> names(java.io.InputStream tar) throws IOException {
    List<String> out = new ArrayList<>();
    TarArchiveInputStream in = new TarArchiveInputStream(tar);
    TarArchiveEntry e;
    while ((e = in.getNextEntry()) != null) {
      out.add(e.getName());
    }
    return out;
  }

  @Test
  void readsThePlatformsImageWithATokenForTheConfiguredCredentials() throws Exception {
    RegistrySource source = source("dmsb", "dmsb-secret");
    ImageDetails details = source.inspect("docker://" + host + "/team/app:1");

    assertThat(details.layers()).hasSize(2);
    // zstd blobs: the sizes the registry gives are compressed ones, and the totals say so
    assertThat(details.sizeMeaning()).isEqualTo(SizeMeaning.COMPRESSED);
    assertThat(details.historySizeMeaning()).isEqualTo(SizeMeaning.COMPRESSED);
    assertThat(details.repoDigests()).containsExactly(host + "/team/app@" + tagTarget);
    assertThat(source.history(details.id())).hasSize(3);
    ImageContent<List<String>> content =
        source.read(details.id(), RegistrySourceTest::names, Cancellation.create());
    assertThat(content.layers().get(1)).containsExactly("root/.ssh/", "root/.ssh/id_rsa");
    // one token for the repository (asked for after the ping's challenge, so no request is
    // refused), and the tag's manifest fetched once for inspect, history and read
    assertThat(requests.stream().filter(r -> r.startsWith("GET /token"))).hasSize(1);
    assertThat(requests.stream().filter(r -> r.contains("/manifests/1"))).hasSize(1);
    assertThat(requests.stream().filter(r -> r.contains("/blobs/"))).hasSize(3);
  }

  @Test
  void anIdentityTokenIsExchangedForAnAccessToken() throws Exception {
    RegistrySource source =
        new RegistrySource(
            host + "/team/app:1",
            h -> Optional.of(new RegistryAuth(h, null, null, "id-t0ken")),
            true);

    assertThat(source.inspect(host + "/team/app:1").layers()).hasSize(2);
    assertThat(requests).contains("POST /token");
  }

  @Test
  void aRegistryTokenIsSentAsItIsAndARefusedOneSaysSo() throws Exception {
    RegistryOptions options =
        RegistryOptions.of(true, java.nio.file.Path.of("/nonexistent")).withRegistryToken(TOKEN);
    RegistrySource source =
        new RegistrySource(
            host + "/team/app:1",
            h -> Optional.of(new RegistryAuth(h, "dmsb", "wrong", null)),
            options,
            dev.dmsb.image.Platform.host());
    assertThat(source.inspect(host + "/team/app:1").layers()).hasSize(2);
    assertThat(requests).noneMatch(r -> r.contains("/token"));
    RegistrySource refused =
        new RegistrySource(
            host + "/team/app:1",
            h -> Optional.empty(),
            options.withRegistryToken("expired"),
            dev.dmsb.image.Platform.host());
    assertThatThrownBy(() -> refused.inspect(host + "/team/app:1"))
        .hasMessageContaining("refused the --registry-token for team/app (401");
  }

  @Test
  void anotherPlatformIsPickedOrTheIndexSaysWhatItHas() {
    RegistrySource riscv =
        new RegistrySource(
            host + "/team/app:1",
            h -> Optional.of(new RegistryAuth(h, "dmsb", "dmsb-secret", null)),
            RegistryOptions.of(true, java.nio.file.Path.of("/nonexistent")),
            dev.dmsb.image.Platform.parse("linux/riscv64"));
    assertThatThrownBy(() -> riscv.inspect(host + "/team/app:1"))
        .hasMessageContaining(
            "has no image for linux/riscv64 (it has linux/s390x, linux/"
                + archOfThisMachine()
                + "); pick one with --platform");
    RegistrySource s390x =
        new RegistrySource(
            host + "/team/app:1",
            h -> Optional.of(new RegistryAuth(h, "dmsb", "dmsb-secret", null)),
            RegistryOptions.of(true, java.nio.file.Path.of("/nonexistent")),
            dev.dmsb.image.Platform.parse("linux/s390x"));
    assertThatThrownBy(() -> s390x.inspect(host + "/team/app:1"));
    assertThat(requests).contains("GET /v2/team/app/manifests/sha256:" + "e".repeat(64));
  }

  @Test
  void credsAndAuthFilesReplaceTheDockerConfiguration(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
    dev.dmsb.image.ImageReference ref =
        dev.dmsb.image.ImageReference.parse("docker://" + host + "/team/app:1");
    dev.dmsb.transport.SourceOptions none = dev.dmsb.transport.SourceOptions.defaults(true);
    Map<String, String> env = Map.of("DOCKER_CONFIG", home.resolve("no-docker").toString());
    assertThatThrownBy(
            () ->
                dev.dmsb.transport.ImageSources.withoutEngine(ref, env, home, none)
                    .inspect(ref.image()))
        .hasMessageContaining("refused a pull token");
    dev.dmsb.transport.SourceOptions creds =
        new dev.dmsb.transport.SourceOptions(
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.of(new RegistryAuth(null, "dmsb", "dmsb-secret", null)),
            Optional.empty(),
            Optional.empty());
    assertThat(
            dev.dmsb.transport.ImageSources.withoutEngine(ref, env, home, creds)
                .inspect(ref.image())
                .layers())
        .hasSize(2);
    java.nio.file.Path auth = home.resolve("auth.json");
    java.nio.file.Files.writeString(
        auth,
        "{\"auths\":{\""
            + host
            + "\":{\"auth\":\""
            + Base64.getEncoder()
                .encodeToString("dmsb:dmsb-secret".getBytes(StandardCharsets.UTF_8))
            + "\"}}}");
    dev.dmsb.transport.SourceOptions file =
        new dev.dmsb.transport.SourceOptions(
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(auth),
            Optional.empty());
    assertThat(
            dev.dmsb.transport.ImageSources.withoutEngine(ref, env, home, file)
                .inspect(ref.image())
                .layers())
        .hasSize(2);
    Map<String, String> withVariable = new HashMap<>(env);
    withVariable.put("REGISTRY_AUTH_FILE", auth.toString());
    assertThat(
            dev.dmsb.transport.ImageSources.withoutEngine(ref, withVariable, home, none)
                .inspect(ref.image())
                .layers())
        .hasSize(2);
  }

  @Test
  void wrongCredentialsSayHowToLogIn() {
    assertThatThrownBy(() -> source("dmsb", "wrong").inspect(host + "/team/app:1"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("refused a pull token for team/app (401: bad credentials)")
        .hasMessageContaining("docker login " + host);
  }

  @Test
  void aMissingTagIsNotFound() {
    assertThatThrownBy(() -> source("dmsb", "dmsb-secret").inspect(host + "/team/app:2"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("is not in registry " + host + ": manifest unknown");
  }

  @Test
  void noRegistryIsUnreachable() {
    server.stop(0);
    assertThatThrownBy(() -> source(null, null).inspect(host + "/team/app:1"))
        .isInstanceOf(EngineUnreachableException.class)
        .hasMessageContaining("no registry answers at http://" + host);
  }

  @Test
  void parsesReferencesAsDockerDoes() {
    assertThat(RegistryReference.parse("busybox"))
        .isEqualTo(new RegistryReference("docker.io", "library/busybox", "latest"));
    assertThat(RegistryReference.parse("localhost:5000/a/b@sha256:" + "a".repeat(64)).reference())
        .isEqualTo("sha256:" + "a".repeat(64));
    assertThat(RegistryReference.parse("127.0.0.1:5000/app:1").loopback()).isTrue();
    assertThat(RegistryReference.parse("ghcr.io/o/app:1").loopback()).isFalse();
    assertThatThrownBy(() -> RegistryReference.parse("127.0.0.1:5000/App:1"))
        .hasMessageContaining("not an image reference");
  }
}
