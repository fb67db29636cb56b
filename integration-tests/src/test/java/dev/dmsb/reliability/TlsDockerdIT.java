package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.dmsb.engine.config.TlsSettings;
import dev.dmsb.engine.docker.DockerEngine;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestCertificates;
import dev.dmsb.it.TlsDockerd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dmsb build} against a real second engine over TLS: a {@code dockerd} on 127.0.0.1 with
 * {@code --tlsverify} and certificates made here ({@link TlsDockerd}, started once for the class).
 * With the right CA and a client certificate, both builders build there (and only there), whether
 * the engine comes from {@code DOCKER_HOST}/{@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH} or
 * from a docker context; with another CA, or without a client certificate, dmsb stops with exit 3
 * and one line that names the address and says why.
 *
 * <p>Stopping the engine afterwards fails the class if it left a process, a mount, its folder or
 * its bridge behind, or if the host's {@code docker0} (which the main engine's containers use) went
 * away. Needs root, {@code /usr/sbin/dockerd} and {@code ip}: skipped without them, failed on CI.
 */
class TlsDockerdIT {
  static final Duration LIMIT = Duration.ofSeconds(120);

  @TempDir static Path dir;

  static TlsDockerd engine;
  static TestCertificates certs;

  /** DOCKER_CERT_PATH with the engine's CA and a client certificate it signed. */
  static Path trusted;

  /** DOCKER_CERT_PATH with an unrelated CA (and the good client certificate). */
  static Path otherCa;

  /** DOCKER_CERT_PATH with the engine's CA and no client certificate. */
  static Path noClientCertificate;

  @BeforeAll
  static void startTheSecondEngine(TestReporter reporter) throws Exception {
    TlsDockerd.assumeStartable();
    certs = new TestCertificates(dir.resolve("pki"));
    certs.authority("ca");
    certs.authority("other-ca");
    certs.signed("engine", "ca", TestCertificates.SERVER_FOR_LOOPBACK);
    certs.signed("client", "ca", TestCertificates.CLIENT);
    trusted = certs.dockerCertPath(dir.resolve("trusted"), "ca", "client");
    otherCa = certs.dockerCertPath(dir.resolve("other-ca"), "other-ca", "client");
    noClientCertificate = certs.dockerCertPath(dir.resolve("no-client"), "ca", null);
    engine =
        TlsDockerd.start(
            certs.certificate("ca"), certs.certificate("engine"), certs.key("engine"), tls());
    reporter.publishEntry(
        "second dockerd", engine.host() + " answered after " + engine.startedIn());
  }

  @AfterAll
  static void stopTheSecondEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  static TlsSettings tls() {
    return new TlsSettings(
        true, trusted.resolve("ca.pem"), trusted.resolve("cert.pem"), trusted.resolve("key.pem"));
  }

  /** The engine through DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH. */
  static Map<String, String> dockerHost(Path certPath) {
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_HOST", engine.host());
    env.put("DOCKER_TLS_VERIFY", "1");
    env.put("DOCKER_CERT_PATH", certPath.toString());
    env.put("DOCKER_CONTEXT", "");
    return env;
  }

  /**
   * Two stages FROM scratch (the engine has no images and cannot pull): the final one copies a
   * file, unique to this run, from the first.
   */
  static Path context(Path work) throws IOException {
    Path ctx = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(ctx.resolve("hello.txt"), "hello over TLS " + UUID.randomUUID() + "\n");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        """
        FROM scratch AS files
        COPY hello.txt /hello.txt

        FROM scratch
        COPY --from=files /hello.txt /out/hello.txt
        """);
    return ctx;
  }

  DmsbProcess.Result build(Path work, Map<String, String> env, String builder) throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    return DmsbProcess.run(
        tmp, env, LIMIT, "build", "--builder", builder, context(work).toString());
  }

  /**
   * The image exists on the second engine, with the final stage's one layer, and not on the main
   * one.
   */
  static void assertBuiltOnTheSecondEngineOnly(DmsbProcess.Result r) throws Exception {
    assertThat(r.exit()).as(r.err()).isZero();
    String id = r.out().strip();
    assertThat(id).as(r.err()).matches("sha256:[0-9a-f]{64}");
    try (DockerEngine second = engine.connect(tls())) {
      assertThat(second.inspect(id).layers()).as("layers of " + id).hasSize(1);
    }
    assertThatThrownBy(() -> EngineSupport.client().inspectImageCmd(id).exec())
        .as(id + " on the main engine " + EngineSupport.dockerHost())
        .isInstanceOf(NotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"buildkit", "legacy"})
  void buildsOnTheTlsEngineWithTheRightCa(String builder, @TempDir Path work) throws Exception {
    DmsbProcess.Result r = build(work, dockerHost(trusted), builder);
    assertBuiltOnTheSecondEngineOnly(r);
    assertThat(r.err()).contains("building with " + builder);
  }

  @Test
  void buildsOnTheTlsEngineOfADockerContext(@TempDir Path work) throws Exception {
    // docker context create tlsd --docker host=...,ca=...,cert=...,key=... writes these files.
    String name = "dmsb-tlsd";
    String id = sha256(name);
    Path config = work.resolve("docker-config");
    Path meta = Files.createDirectories(config.resolve("contexts/meta").resolve(id));
    Files.writeString(
        meta.resolve("meta.json"),
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
            + engine.host()
            + "\",\"SkipTLSVerify\":false}}}");
    certs.dockerCertPath(
        config.resolve("contexts/tls").resolve(id).resolve("docker"), "ca", "client");
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_CONFIG", config.toString());
    env.put("DOCKER_CONTEXT", name);
    env.put("DOCKER_HOST", "");
    env.put("DOCKER_TLS_VERIFY", "");
    env.put("DOCKER_CERT_PATH", "");
    assertBuiltOnTheSecondEngineOnly(build(work, env, "buildkit"));
  }

  /** Exit 3 and nothing but one line on stderr that names the engine and blames TLS. */
  static AbstractStringAssert<?> assertRefusedInOneLine(DmsbProcess.Result r) {
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).as("one line").doesNotContain("\n");
    return assertThat(r.err())
        .startsWith("dmsb: TLS failed with the engine at " + engine.host())
        .doesNotContain("Start one");
  }

  @Test
  void anEngineCertificateFromAnotherCaIsRefused(@TempDir Path work) throws Exception {
    assertRefusedInOneLine(build(work, dockerHost(otherCa), "buildkit"))
        .contains("certificate verification failed")
        .contains("not signed by the CA");
  }

  @Test
  void withoutAClientCertificateTheEngineRefuses(@TempDir Path work) throws Exception {
    assertRefusedInOneLine(build(work, dockerHost(noClientCertificate), "buildkit"))
        .contains("no client certificate")
        .contains("DOCKER_CERT_PATH");
    assertThat(engine.log()).contains("client didn't provide a certificate");
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
