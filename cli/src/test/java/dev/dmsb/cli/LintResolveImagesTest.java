package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmsb lint --resolve-images}: base image configs read from the image's registry when the
 * engine does not hold it, as {@code docker build --check} reads them; without the flag, lint reads
 * nothing; an unreachable registry is a note, never a failure.
 */
class LintResolveImagesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  HttpServer server;
  String host;
  final Map<String, byte[]> served = new HashMap<>();
  final List<String> requests = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
    host = "127.0.0.1:" + server.getAddress().getPort();
    byte[] config =
        JSON.writeValueAsBytes(
            Map.of(
                "os",
                "linux",
                "architecture",
                "arm64",
                "config",
                Map.of("Env", List.of("PATH=/bin", "APP_HOME=/app")),
                "rootfs",
                Map.of("type", "layers", "diff_ids", List.of("sha256:" + "a".repeat(64)))));
    served.put("/v2/arm/blobs/" + digest(config), config);
    served.put(
        "/v2/arm/manifests/1",
        JSON.writeValueAsBytes(
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
                    digest(config),
                    "size",
                    config.length),
                "layers",
                List.of(
                    Map.of(
                        "mediaType",
                        "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest",
                        "sha256:" + "b".repeat(64),
                        "size",
                        10)))));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  record Run(int code, String out, String err) {}

  Run lint(String dockerfile, String... args) throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    List<String> all = new ArrayList<>(List.of("lint", "--format", "json", "-H"));
    all.add("unix://" + dir.resolve("no-engine.sock"));
    all.addAll(List.of(args));
    all.add(dir.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static List<JsonNode> findings(Run r, String rule) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode d : JSON.readTree(r.out()).path("diagnostics")) {
      if (d.path("rule").asText().equals(rule)) {
        out.add(d);
      }
    }
    return out;
  }

  @Test
  void theRegistrysConfigGivesInvalidBaseImagePlatformAndTheImagesEnv() throws Exception {
    String file =
        "FROM --platform=linux/amd64 "
            + host
            + "/arm:1 AS app-amd64\nENV PATH=$APP_HOME/bin:$PATH\nENV X=$NOPE\n";
    Run r = lint(file, "--resolve-images");
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> platform = findings(r, "InvalidBaseImagePlatform");
    assertThat(platform).hasSize(1);
    assertThat(platform.get(0).path("severity").asText()).isEqualTo("warning");
    assertThat(platform.get(0).path("line").asInt()).isEqualTo(1);
    assertThat(platform.get(0).path("url").isNull()).isTrue();
    assertThat(platform.get(0).path("message").asText())
        .isEqualTo(
            "Base image "
                + host
                + "/arm:1 was pulled with platform \"linux/arm64\", expected \"linux/amd64\" for"
                + " current build");
    // APP_HOME comes from the image; NOPE from nowhere
    assertThat(findings(r, "UndefinedVar"))
        .extracting(d -> d.path("message").asText())
        .containsExactly("Usage of undefined variable '$NOPE'");
    assertThat(requests).isNotEmpty();

    // the build's --platform is the image's: nothing to say
    assertThat(
            findings(
                lint("FROM " + host + "/arm:1\n", "--resolve-images", "--platform", "linux/arm64"),
                "InvalidBaseImagePlatform"))
        .isEmpty();
  }

  @Test
  void withoutTheFlagLintReadsNoImage() throws Exception {
    Run r = lint("FROM --platform=linux/amd64 " + host + "/arm:1 AS app-amd64\nENV X=$NOPE\n");
    assertThat(r.code()).isZero();
    assertThat(findings(r, "InvalidBaseImagePlatform")).isEmpty();
    assertThat(findings(r, "UndefinedVar")).isEmpty(); // the image may define it
    assertThat(requests).isEmpty();
  }

  @Test
  void anUnreachableRegistryIsANoteAndTheLintGoesOn() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Run r = lint("FROM 127.0.0.1:" + closed + "/app:1\nENV X=$NOPE\n", "--resolve-images");
    assertThat(r.code()).isZero();
    List<JsonNode> notes = findings(r, "BaseImageUnread");
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).path("severity").asText()).isEqualTo("info");
    assertThat(notes.get(0).path("message").asText())
        .contains("127.0.0.1:" + closed + "/app:1", "InvalidBaseImagePlatform did not run");
  }

  @Test
  void aPlatformThatIsNoneIsAUsageError() throws Exception {
    Run r = lint("FROM scratch\n", "--platform", "linux/amd64/v2/x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--platform linux/amd64/v2/x: give OS/ARCH[/VARIANT]");
  }

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(path);
    byte[] body = path.equals("/v2/") ? "{}".getBytes(StandardCharsets.UTF_8) : served.get(path);
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
    } else {
      ex.getResponseHeaders()
          .add(
              "Content-Type",
              path.contains("/manifests/")
                  ? "application/vnd.oci.image.manifest.v1+json"
                  : "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private static String digest(byte[] b) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
