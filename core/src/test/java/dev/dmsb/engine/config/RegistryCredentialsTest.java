package dev.dmsb.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.RegistryAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
  @TempDir Path home;
  final Map<String, String> env = new HashMap<>();

  RegistryCredentials credentials(String configJson) throws Exception {
    Path dir = home.resolve(".docker");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), configJson);
    return RegistryCredentials.load(env, home);
  }

  /** A fake {@code docker-credential-<name>} that answers for one server and logs its input. */
  Path helper(String name, String server, String user, String secret) throws IOException {
    Path bin = home.resolve("bin");
    Files.createDirectories(bin);
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "[ \"$1\" = get ] || exit 2\n"
            + "read -r server\n"
            + "echo \"$server\" >> \""
            + bin.resolve(name + ".log")
            + "\"\n"
            + "if [ \"$server\" = \""
            + server
            + "\" ]; then\n"
            + "  printf '{\"ServerURL\":\"%s\",\"Username\":\""
            + user
            + "\",\"Secret\":\""
            + secret
            + "\"}' \"$server\"\n"
            + "else\n"
            + "  echo 'credentials not found in native keychain'; exit 1\n"
            + "fi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("PATH", bin + ":/usr/bin:/bin");
    return bin;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void registryHostOfAReference() {
    assertThat(RegistryCredentials.registryHost("busybox")).isEqualTo("docker.io");
    assertThat(RegistryCredentials.registryHost("library/busybox:1")).isEqualTo("docker.io");
    assertThat(RegistryCredentials.registryHost("dmsb/busybox:latest")).isEqualTo("docker.io");
    assertThat(RegistryCredentials.registryHost("docker.io/x/y")).isEqualTo("docker.io");
    assertThat(RegistryCredentials.registryHost("index.docker.io/x/y")).isEqualTo("docker.io");
    assertThat(RegistryCredentials.registryHost("127.0.0.1:5000/x")).isEqualTo("127.0.0.1:5000");
    assertThat(RegistryCredentials.registryHost("localhost/x")).isEqualTo("localhost");
    assertThat(RegistryCredentials.registryHost("Ghcr.IO/o/r@sha256:ab")).isEqualTo("ghcr.io");
  }

  @Test
  void authsWithBase64AuthUsernamePasswordAndTokens() throws Exception {
    RegistryCredentials c =
        credentials(
            "{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\""
                + b64("hubuser:hub:pass")
                + "\"},"
                + "\"http://127.0.0.1:5000/v2/\":{\"username\":\"u\",\"password\":\"p\"},"
                + "\"token.example\":{\"identitytoken\":\"tok\"},"
                + "\"empty.example\":{}}}");

    assertThat(c.forImage("busybox"))
        .contains(
            new RegistryAuth(RegistryCredentials.DOCKER_HUB_SERVER, "hubuser", "hub:pass", null));
    assertThat(c.forImage("127.0.0.1:5000/app:1"))
        .contains(new RegistryAuth("127.0.0.1:5000", "u", "p", null));
    assertThat(c.forRegistry("token.example"))
        .contains(new RegistryAuth("token.example", null, null, "tok"));
    assertThat(c.forRegistry("empty.example")).isEmpty();
    assertThat(c.forRegistry("unknown.example")).isEmpty();
  }

  @Test
  void aMissingConfigHasNoCredentials() throws Exception {
    assertThat(RegistryCredentials.load(env, home).forImage("busybox")).isEmpty();
  }

  @Test
  void credHelpersWinForTheirRegistryAndCredsStoreForTheRest() throws Exception {
    Path bin = helper("fake", "127.0.0.1:5000", "helper-user", "helper-secret");
    helper("store", "https://index.docker.io/v1/", "<token>", "hub-token");
    RegistryCredentials c =
        credentials(
            "{\"credsStore\":\"store\",\"credHelpers\":{\"127.0.0.1:5000\":\"fake\"},"
                + "\"auths\":{\"127.0.0.1:5000\":{\"auth\":\""
                + b64("file-user:file-pass")
                + "\"}}}");

    assertThat(c.forImage("127.0.0.1:5000/app"))
        .contains(new RegistryAuth("127.0.0.1:5000", "helper-user", "helper-secret", null));
    assertThat(c.forImage("busybox"))
        .contains(new RegistryAuth("https://index.docker.io/v1/", null, null, "hub-token"));
    assertThat(c.forRegistry("other.example")).isEmpty();
    assertThat(Files.readAllLines(bin.resolve("fake.log"))).containsExactly("127.0.0.1:5000");
    assertThat(Files.readAllLines(bin.resolve("store.log")))
        .containsExactly("https://index.docker.io/v1/", "other.example");
  }

  @Test
  void aHelperWithoutTheCredentialsFallsBackToAuths() throws Exception {
    helper("store", "nothing-here", "x", "y");
    RegistryCredentials c =
        credentials(
            "{\"credsStore\":\"store\",\"auths\":{\"127.0.0.1:5000\":{\"auth\":\""
                + b64("file-user:file-pass")
                + "\"}}}");
    assertThat(c.forRegistry("127.0.0.1:5000"))
        .contains(new RegistryAuth("127.0.0.1:5000", "file-user", "file-pass", null));
  }

  @Test
  void aHelperNotOnThePathIsNamed() throws Exception {
    env.put("PATH", home.resolve("empty").toString());
    RegistryCredentials c = credentials("{\"credsStore\":\"missing\"}");
    assertThatThrownBy(() -> c.forImage("busybox"))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("docker-credential-missing")
        .hasMessageContaining("PATH");
  }

  @Test
  void brokenConfigAndAuthAreReportedWithoutSecrets() throws Exception {
    assertThatThrownBy(() -> credentials("{not json"))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("config.json");
    RegistryCredentials c =
        credentials("{\"auths\":{\"r.example\":{\"auth\":\"" + b64("no-colon-secret") + "\"}}}");
    assertThatThrownBy(() -> c.forRegistry("r.example"))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("r.example")
        .hasMessageNotContaining("no-colon-secret");
  }

  @Test
  void secretsNeverShowInToString() throws Exception {
    RegistryCredentials c =
        credentials("{\"auths\":{\"r.example\":{\"username\":\"u\",\"password\":\"s3cr3t\"}}}");
    Optional<RegistryAuth> auth = c.forRegistry("r.example");
    assertThat(auth).isPresent();
    assertThat(auth.get().toString()).doesNotContain("s3cr3t");
    assertThat(DockerConfigFile.read(home.resolve(".docker")).toString()).doesNotContain("s3cr3t");
  }
}
