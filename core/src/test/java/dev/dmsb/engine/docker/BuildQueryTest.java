package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.RegistryAuth;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildQueryTest {

  static List<String> params(String path) {
    List<String> out = new ArrayList<>();
    for (String p : path.substring(path.indexOf('?') + 1).split("&")) {
      out.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void buildkitRequestCarriesEveryParameter() {
    BuildRequest request =
        new BuildRequest(
            BuilderKind.BUILDKIT,
            "sub/Dockerfile",
            List.of("app:1", "app:latest"),
            "final",
            Map.of("B", "2 3", "A", "x&y"),
            Map.of("org.example", "yes"),
            true,
            true,
            "host",
            "linux/amd64",
            Map.of());
    String path = BuildQuery.buildPath(request);
    assertThat(path).startsWith("/build?version=2&");
    assertThat(params(path))
        .containsExactly(
            "version=2",
            "dockerfile=sub/Dockerfile",
            "t=app:1",
            "t=app:latest",
            "target=final",
            "buildargs={\"A\":\"x&y\",\"B\":\"2 3\"}",
            "labels={\"org.example\":\"yes\"}",
            "nocache=1",
            "pull=1",
            "networkmode=host",
            "platform=linux/amd64");
  }

  @Test
  void legacyRequestRemovesIntermediateContainersAndLeavesOutDefaults() {
    BuildRequest request =
        new BuildRequest(
            BuilderKind.LEGACY,
            "Dockerfile",
            List.of(),
            null,
            Map.of(),
            Map.of(),
            false,
            false,
            null,
            null,
            Map.of());
    assertThat(params(BuildQuery.buildPath(request)))
        .containsExactly("version=1", "dockerfile=Dockerfile", "rm=1", "forcerm=1");
  }

  @Test
  void registryHeadersAreBase64UrlJson() throws Exception {
    RegistryAuth auth = new RegistryAuth("127.0.0.1:5000", "u", "p?>", null);
    JsonNode one =
        new ObjectMapper().readTree(Base64.getUrlDecoder().decode(BuildQuery.registryAuth(auth)));
    assertThat(one.get("username").asText()).isEqualTo("u");
    assertThat(one.get("password").asText()).isEqualTo("p?>");
    assertThat(one.get("serveraddress").asText()).isEqualTo("127.0.0.1:5000");
    assertThat(one.has("identitytoken")).isFalse();
    JsonNode all =
        new ObjectMapper()
            .readTree(
                Base64.getUrlDecoder()
                    .decode(BuildQuery.registryConfig(Map.of("127.0.0.1:5000", auth))));
    assertThat(all.get("127.0.0.1:5000").get("username").asText()).isEqualTo("u");
  }

  @Test
  void imagePathsKeepReferenceCharactersAndEscapeTheRest() {
    assertThat(BuildQuery.imagePath("127.0.0.1:5000/a/b:1@sha256:ab"))
        .isEqualTo("127.0.0.1:5000/a/b:1@sha256:ab");
    assertThat(BuildQuery.imagePath("a b?#")).isEqualTo("a%20b%3F%23");
  }

  @Test
  void pullSplitsNameTagAndDigest() {
    assertThat(Pull.split("busybox")).containsExactly("busybox", "latest");
    assertThat(Pull.split("127.0.0.1:5000/x")).containsExactly("127.0.0.1:5000/x", "latest");
    assertThat(Pull.split("127.0.0.1:5000/x:2")).containsExactly("127.0.0.1:5000/x", "2");
    assertThat(Pull.split("x@sha256:ab")).containsExactly("x", "sha256:ab");
  }
}
