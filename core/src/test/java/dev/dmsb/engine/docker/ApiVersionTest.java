package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API version dmsb speaks is the engine's own, capped at the newest it knows. */
class ApiVersionTest {
  final FakeHttp http = new FakeHttp();

  private DockerEngine engineAnnouncing(String apiVersion, String server) {
    http.answer(
        "GET /_ping",
        200,
        Map.of("API-Version", apiVersion, "OSType", "linux", "Server", server),
        "OK");
    return DockerEngine.over("unix:///x.sock", http, http);
  }

  @Test
  void afterThePingRequestsGoAtTheAnnouncedVersion() throws Exception {
    DockerEngine engine = engineAnnouncing("1.41", "Docker/20.10.24 (linux)");
    engine.ping();
    try {
      engine.inspect("dmsb/busybox:latest");
    } catch (Exception notFound) {
      // the stand-in knows no image; the path asked is what counts
    }
    assertThat(http.asked)
        .containsExactly("GET /_ping", "GET /v1.41/images/dmsb/busybox:latest/json");
  }

  @Test
  void aDaemonThatRefusesOldVersionsIsSpokenToAtItsOwn() throws Exception {
    // Docker 29.0-29.2 announce 1.52 and refuse anything below 1.44: 1.51 is what dmsb knows.
    DockerEngine engine = engineAnnouncing("1.52", "Docker/29.1.0 (linux)");
    engine.ping();
    try {
      engine.history("sha256:abc");
    } catch (Exception notFound) {
      // as above
    }
    assertThat(http.asked.get(1)).isEqualTo("GET /v1.51/images/sha256:abc/history");
  }

  @Test
  void beforeAnyPingAndWithoutAnAnnouncementRequestsStayUnversioned() throws Exception {
    http.answer("GET /_ping", 200, Map.of("Builder-Version", "2"), "OK");
    http.answer("GET /version", 200, "{\"Version\":\"x\",\"Os\":\"linux\"}");
    DockerEngine engine = DockerEngine.over("unix:///x.sock", http, http);
    try {
      engine.inspect("a");
    } catch (Exception notFound) {
      // as above
    }
    engine.ping();
    try {
      engine.inspect("b");
    } catch (Exception notFound) {
      // as above
    }
    assertThat(http.asked)
        .containsExactly("GET /images/a/json", "GET /_ping", "GET /version", "GET /images/b/json");
  }

  @Test
  void theVersionFromSlashVersionCountsWhenThePingHasNone() throws Exception {
    http.answer("GET /_ping", 200, Map.of("Server", "Libpod/4.3.1 (linux)"), "OK");
    http.answer(
        "GET /version", 200, "{\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\"}");
    DockerEngine engine = DockerEngine.over("unix:///x.sock", http, http);
    engine.ping();
    try {
      engine.inspect("a");
    } catch (Exception notFound) {
      // as above
    }
    assertThat(http.asked.get(2)).isEqualTo("GET /v1.41/images/a/json");
  }

  @Test
  void negotiation() {
    assertThat(ApiVersionedHttp.negotiate("1.41")).isEqualTo("1.41");
    assertThat(ApiVersionedHttp.negotiate("1.24")).isEqualTo("1.24");
    assertThat(ApiVersionedHttp.negotiate(ApiVersionedHttp.HIGHEST_KNOWN))
        .isEqualTo(ApiVersionedHttp.HIGHEST_KNOWN);
    assertThat(ApiVersionedHttp.negotiate("1.55")).isEqualTo(ApiVersionedHttp.HIGHEST_KNOWN);
    assertThat(ApiVersionedHttp.negotiate("2.0")).isEqualTo(ApiVersionedHttp.HIGHEST_KNOWN);
    assertThat(ApiVersionedHttp.negotiate("4.3.1")).isNull();
    assertThat(ApiVersionedHttp.negotiate("")).isNull();
    assertThat(ApiVersionedHttp.negotiate(null)).isNull();
    assertThat(ApiVersionedHttp.versioned("/_ping", "1.41")).isEqualTo("/_ping");
    assertThat(ApiVersionedHttp.versioned("/build?version=2", "1.41"))
        .isEqualTo("/v1.41/build?version=2");
    assertThat(ApiVersionedHttp.versioned("/build", null)).isEqualTo("/build");
  }
}
