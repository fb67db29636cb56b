package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry failures while a build pulls its base image, against the local registries of {@code
 * scripts/engine.sh up}: 127.0.0.1:5000 (no auth) and 127.0.0.1:5001 (htpasswd, user {@code dmsb}).
 * Every message names the image and the registry; none shows a credential.
 */
@Tag(TestEngine.TAG)
class RegistryFaultsIT {
  static final Duration LIMIT = Duration.ofSeconds(90);
  static final String WRONG_PASSWORD = "wrong-Pa55word-8c1e";

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  DmsbProcess.Result build(String from, DockerConfigFolder dockerConfig) throws Exception {
    Path ctx = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + from + "\nRUN true\n");
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    // --pull: always ask the registry, even if an earlier run left the image in the engine
    return DmsbProcess.run(tmp, dockerConfig.env(), LIMIT, "build", "-q", "--pull", ctx.toString());
  }

  DockerConfigFolder config(String json) throws Exception {
    return DockerConfigFolder.in(work).config(json);
  }

  @Test
  void aMissingImageIsNamedWithItsRegistry() throws Exception {
    String image = "127.0.0.1:5000/dmsb/not-there-" + System.nanoTime() + ":latest";
    DmsbProcess.Result r = build(image, config("{}"));
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(EngineFaultsIT.lastLine(r.err()))
        .startsWith("dmsb: ")
        .contains(image)
        .contains("127.0.0.1:5000");
  }

  @Test
  void aRegistryThatIsDownIsNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String image = "127.0.0.1:" + port + "/dmsb/busybox:latest";
    DmsbProcess.Result r = build(image, config("{}"));
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(EngineFaultsIT.lastLine(r.err()))
        .contains(image)
        .contains("127.0.0.1:" + port)
        .contains("connection refused");
  }

  @Test
  void noCredentialsForAnAuthRegistry() throws Exception {
    String image = "127.0.0.1:5001/dmsb/busybox:latest";
    DmsbProcess.Result r = build(image, config("{}"));
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(EngineFaultsIT.lastLine(r.err()))
        .contains(image)
        .contains("127.0.0.1:5001")
        .contains("docker login 127.0.0.1:5001");
  }

  @Test
  void wrongCredentialsAreRefusedAndNeverShown() throws Exception {
    String image = "127.0.0.1:5001/dmsb/busybox:latest";
    String auth = DockerConfigFolder.basicAuth("dmsb", WRONG_PASSWORD);
    DmsbProcess.Result r =
        build(image, config("{\"auths\":{\"127.0.0.1:5001\":{\"auth\":\"" + auth + "\"}}}"));
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(EngineFaultsIT.lastLine(r.err())).contains(image).contains("127.0.0.1:5001");
    assertThat(r.all()).doesNotContain(WRONG_PASSWORD).doesNotContain(auth);
  }
}
