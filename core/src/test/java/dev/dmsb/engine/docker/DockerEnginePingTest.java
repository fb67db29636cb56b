package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.EngineInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEnginePingTest {
  final FakeHttp http = new FakeHttp();

  @Test
  void oneRequestWhenThePingSaysEverything() throws Exception {
    http.answer(
        "GET /_ping",
        200,
        Map.of("Api-Version", "1.41", "Ostype", "linux", "Server", "Docker/20.10.24+dfsg1 (linux)"),
        "OK");
    EngineInfo info = DockerEngine.over("unix:///x.sock", http, http).ping();
    assertThat(info).isEqualTo(new EngineInfo("20.10.24+dfsg1", "1.41", "linux", "", true));
    assertThat(http.asked).containsExactly("GET /_ping");
  }

  @Test
  void asksForTheVersionWhenThePingDoesNotSay() throws Exception {
    http.answer("GET /_ping", 200, Map.of("Builder-Version", "2"), "OK");
    http.answer(
        "GET /version",
        200,
        "{\"Version\":\"99.0\",\"ApiVersion\":\"1.38\",\"Os\":\"linux\",\"Arch\":\"arm64\"}");
    EngineInfo info = DockerEngine.over("unix:///x.sock", http, http).ping();
    assertThat(info).isEqualTo(new EngineInfo("99.0", "1.38", "linux", "arm64", true));
    assertThat(http.asked).containsExactly("GET /_ping", "GET /version");
  }

  @Test
  void anOldApiWithoutBuilderHeaderMeansNoBuildkit() throws Exception {
    http.answer(
        "GET /_ping",
        200,
        Map.of("API-Version", "1.38", "OSType", "linux", "Server", "Docker/18.06.0-ce (linux)"),
        "OK");
    assertThat(DockerEngine.over("unix:///x.sock", http, http).ping().buildkit()).isFalse();
  }

  @Test
  void serverVersionComesFromTheServerHeader() {
    assertThat(DockerEngine.serverVersion("Docker/20.10.24 (linux)")).isEqualTo("20.10.24");
    assertThat(DockerEngine.serverVersion("Docker/25.0.1")).isEqualTo("25.0.1");
    assertThat(DockerEngine.serverVersion("nginx/1.2")).isNull();
    assertThat(DockerEngine.serverVersion(null)).isNull();
  }

  @Test
  void podmanIsRecognisedByItsVersionComponentsAndOffersNoBuildkit() throws Exception {
    // Podman 4.3.1's ping: an empty Builder-Version, no OSType, Server: Libpod/4.3.1 (linux)
    http.answer(
        "GET /_ping",
        200,
        Map.of("Api-Version", "1.41", "Builder-Version", "", "Server", "Libpod/4.3.1 (linux)"),
        "OK");
    http.answer(
        "GET /version",
        200,
        "{\"Platform\":{\"Name\":\"linux/amd64/debian-12\"},\"Components\":[{\"Name\":"
            + "\"Podman Engine\",\"Version\":\"4.3.1\"}],\"Version\":\"4.3.1\","
            + "\"ApiVersion\":\"1.41\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
    EngineInfo info = DockerEngine.over("unix:///x.sock", http, http).ping();
    assertThat(info)
        .isEqualTo(new EngineInfo("4.3.1", "1.41", "linux", "amd64", false, EngineInfo.PODMAN));
    assertThat(info.describe()).isEqualTo("Podman 4.3.1");
  }

  @Test
  void podmanIsRecognisedFromTheServerHeaderAlone() throws Exception {
    // Podman 5 sends OSType too, so /version is not asked
    http.answer(
        "GET /_ping",
        200,
        Map.of("Api-Version", "1.41", "OSType", "linux", "Server", "Libpod/5.4.2 (linux)"),
        "OK");
    EngineInfo info = DockerEngine.over("unix:///x.sock", http, http).ping();
    assertThat(info.podman()).isTrue();
    assertThat(info.buildkit()).isFalse();
    assertThat(info.serverVersion()).isEqualTo("5.4.2");
    assertThat(http.asked).containsExactly("GET /_ping");
  }
}
