package dev.dmsb.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineResolverTest {
  @TempDir Path home;
  final Map<String, String> env = new HashMap<>();

  ResolvedEngine resolve(EngineSelection selection) throws EngineConfigException {
    return new EngineResolver(env, home).resolve(selection);
  }

  Path dockerDir() {
    return home.resolve(".docker");
  }

  void writeConfig(String json) throws IOException {
    Files.createDirectories(dockerDir());
    Files.writeString(dockerDir().resolve("config.json"), json);
  }

  Path writeContext(Path configDir, String name, String host, boolean withTls) throws IOException {
    String id = EngineResolver.sha256(name);
    Path meta = configDir.resolve("contexts/meta").resolve(id);
    Files.createDirectories(meta);
    Files.writeString(
        meta.resolve("meta.json"),
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
            + host
            + "\",\"SkipTLSVerify\":false}}}");
    Path tls = configDir.resolve("contexts/tls").resolve(id).resolve("docker");
    if (withTls) {
      Files.createDirectories(tls);
      for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
        Files.writeString(tls.resolve(f), "PEM");
      }
    }
    return tls;
  }

  @Test
  void defaultIsTheLocalSocket() throws Exception {
    ResolvedEngine r = resolve(EngineSelection.none());
    assertThat(r.endpoint())
        .isEqualTo(EngineEndpoint.plain("unix:///var/run/docker.sock", "default"));
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void sha256OfTheContextNameIsTheFolderName() {
    // The docker CLI's folder for a context named "default-ish": sha256 of the name, in hex.
    assertThat(EngineResolver.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hostFlagBeatsDockerHostWhichBeatsContexts() throws Exception {
    writeConfig("{\"currentContext\":\"remote\"}");
    writeContext(dockerDir(), "remote", "tcp://10.1.2.3:2375", false);
    writeContext(dockerDir(), "other", "unix:///run/other.sock", false);

    assertThat(resolve(EngineSelection.none()).endpoint().host()).isEqualTo("tcp://10.1.2.3:2375");
    assertThat(resolve(EngineSelection.none()).endpoint().origin())
        .contains("remote")
        .contains("currentContext");

    env.put("DOCKER_CONTEXT", "other");
    assertThat(resolve(EngineSelection.none()).endpoint().host())
        .isEqualTo("unix:///run/other.sock");

    env.put("DOCKER_HOST", "unix:///run/env.sock");
    assertThat(resolve(EngineSelection.none()).endpoint())
        .isEqualTo(EngineEndpoint.plain("unix:///run/env.sock", "DOCKER_HOST"));

    assertThat(resolve(EngineSelection.host("/run/flag.sock")).endpoint())
        .isEqualTo(EngineEndpoint.plain("unix:///run/flag.sock", "--host"));

    EngineSelection context = new EngineSelection(null, "remote", null, null, null, null, null);
    assertThat(resolve(context).endpoint().host()).isEqualTo("tcp://10.1.2.3:2375");
  }

  @Test
  void theDefaultContextMeansDockerHostOrTheSocket() throws Exception {
    writeConfig("{\"currentContext\":\"default\"}");
    assertThat(resolve(EngineSelection.none()).endpoint().host())
        .isEqualTo("unix:///var/run/docker.sock");
  }

  @Test
  void dockerConfigMovesTheConfigFolder() throws Exception {
    Path elsewhere = home.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    Files.writeString(elsewhere.resolve("config.json"), "{\"currentContext\":\"c\"}");
    writeContext(elsewhere, "c", "tcp://127.0.0.1:2999", false);
    env.put("DOCKER_CONFIG", elsewhere.toString());
    assertThat(resolve(EngineSelection.none()).endpoint().host()).isEqualTo("tcp://127.0.0.1:2999");
  }

  @Test
  void aContextWithTlsMaterialVerifiesWithIt() throws Exception {
    Path tls = writeContext(dockerDir(), "secure", "tcp://engine.example:2376", true);
    env.put("DOCKER_CONTEXT", "secure");
    ResolvedEngine r = resolve(EngineSelection.none());
    assertThat(r.endpoint().tls())
        .contains(
            new TlsSettings(
                true, tls.resolve("ca.pem"), tls.resolve("cert.pem"), tls.resolve("key.pem")));
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void anUnknownContextSaysHowToFindOne() {
    env.put("DOCKER_CONTEXT", "nope");
    assertThatThrownBy(() -> resolve(EngineSelection.none()))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("\"nope\"")
        .hasMessageContaining("docker context ls");
  }

  @Test
  void hostAndContextTogetherConflict() {
    assertThatThrownBy(
            () -> resolve(new EngineSelection("tcp://a:1", "b", null, null, null, null, null)))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("either --host or --context");
  }

  @Test
  void dockerTlsVerifyUsesTheCertPath() throws Exception {
    Path certs = home.resolve("certs");
    Files.createDirectories(certs);
    for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
      Files.writeString(certs.resolve(f), "PEM");
    }
    env.put("DOCKER_HOST", "tcp://engine.example");
    env.put("DOCKER_TLS_VERIFY", "1");
    env.put("DOCKER_CERT_PATH", certs.toString());
    ResolvedEngine r = resolve(EngineSelection.none());
    assertThat(r.endpoint().host()).isEqualTo("tcp://engine.example:2376");
    assertThat(r.endpoint().tls())
        .contains(
            new TlsSettings(
                true,
                certs.resolve("ca.pem"),
                certs.resolve("cert.pem"),
                certs.resolve("key.pem")));
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void verificationWithoutACaCertificateIsRefused() {
    env.put("DOCKER_HOST", "tcp://engine.example:2376");
    env.put("DOCKER_TLS_VERIFY", "1");
    env.put("DOCKER_CERT_PATH", home.resolve("none").toString());
    assertThatThrownBy(() -> resolve(EngineSelection.none()))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("ca.pem")
        .hasMessageContaining("DOCKER_CERT_PATH");
  }

  @Test
  void tlsWithoutVerificationWarns() throws Exception {
    ResolvedEngine r =
        resolve(new EngineSelection("tcp://10.0.0.9:2376", null, true, null, null, null, null));
    assertThat(r.endpoint().tls()).contains(new TlsSettings(false, null, null, null));
    assertThat(r.warnings()).singleElement().asString().contains("not verified");
  }

  @Test
  void plainTcpToAnotherMachineWarnsButLoopbackDoesNot() throws Exception {
    assertThat(resolve(EngineSelection.host("tcp://192.168.1.20:2375")).warnings())
        .singleElement()
        .asString()
        .contains("tcp://192.168.1.20:2375")
        .contains("plain tcp");
    assertThat(resolve(EngineSelection.host("tcp://build-host:2375")).warnings()).hasSize(1);
    assertThat(resolve(EngineSelection.host("tcp://127.0.0.1:2375")).warnings()).isEmpty();
    assertThat(resolve(EngineSelection.host("tcp://localhost:2375")).warnings()).isEmpty();
    assertThat(resolve(EngineSelection.host("tcp://[::1]:2375")).warnings()).isEmpty();
    assertThat(resolve(EngineSelection.host("unix:///x.sock")).warnings()).isEmpty();
  }

  @Test
  void hostsAreNormalisedLikeTheDockerCli() throws Exception {
    assertThat(EngineResolver.normaliseHost("127.0.0.1", "t", false))
        .isEqualTo("tcp://127.0.0.1:2375");
    assertThat(EngineResolver.normaliseHost("tcp://h", "t", true)).isEqualTo("tcp://h:2376");
    assertThat(EngineResolver.normaliseHost("tcp://:4243", "t", false))
        .isEqualTo("tcp://127.0.0.1:4243");
    assertThat(EngineResolver.normaliseHost("unix://", "t", false))
        .isEqualTo("unix:///var/run/docker.sock");
    assertThat(EngineResolver.normaliseHost("tcp://[::1]:99/", "t", false))
        .isEqualTo("tcp://[::1]:99");
    assertThatThrownBy(() -> EngineResolver.normaliseHost("tcp://h:port", "--host", false))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("not a port number");
    assertThatThrownBy(() -> EngineResolver.normaliseHost("ssh://me@host", "DOCKER_HOST", false))
        .isInstanceOf(EngineConfigException.class)
        .hasMessageContaining("ssh://")
        .hasMessageContaining("DOCKER_HOST");
  }
}
