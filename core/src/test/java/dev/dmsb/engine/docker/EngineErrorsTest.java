package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineErrorsTest {
  @Test
  void aMissingSocketIsNamedAsSuch() {
    assertThat(
            EngineErrors.reason(
                new IOException("com.sun.jna.LastErrorException: [2] No such file or directory")))
        .isEqualTo("the socket does not exist");
  }

  @Test
  void engineMessageFallsBackToTheText() {
    assertThat(EngineErrors.engineMessage("plain words", "x")).isEqualTo("plain words");
    assertThat(EngineErrors.engineMessage((String) null, "fallback")).isEqualTo("fallback");
    assertThat(EngineErrors.engineMessage("{\"message\":\"m\"}".getBytes(), 500)).isEqualTo("m");
    assertThat(EngineErrors.engineMessage(new byte[0], 502)).isEqualTo("HTTP status 502");
  }

  @Test
  void aBuildRefusedWithoutAReasonNamesWhatTheRequestAskedFor() {
    // Podman 4.3.1 answers /build?platform=not%20a%20platform! with 400 and an empty body
    BuildRequest request =
        new BuildRequest(
            BuilderKind.BUILDAH,
            "Dockerfile",
            List.of("x"),
            null,
            Map.of(),
            Map.of(),
            false,
            false,
            null,
            "not a platform!",
            Map.of());
    assertThat(EngineErrors.buildRefused(new byte[0], 400, request))
        .isEqualTo(
            "HTTP status 400, and the engine gave no reason; check what the build asked for:"
                + " --platform \"not a platform!\"");
    assertThat(EngineErrors.buildRefused("{\"message\":\"bad platform\"}".getBytes(), 400, request))
        .isEqualTo("bad platform");
  }
}
