package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
}
