package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class EngineErrorsTest {
  static final String ADDRESS = "unix:///var/run/docker.sock";

  @Test
  void notFoundBecomesImageNotFoundWithTheEnginesMessage() {
    EngineException e =
        EngineErrors.convert(
            new NotFoundException("Status 404: {\"message\":\"No such image: x:1\"}\n"),
            ADDRESS,
            "Inspecting x:1",
            "x:1");
    assertThat(e).isInstanceOf(ImageNotFoundException.class).hasMessage("No such image: x:1");
    assertThat(((ImageNotFoundException) e).image()).isEqualTo("x:1");
  }

  @Test
  void otherEngineErrorsKeepTheEnginesMessage() {
    EngineException e =
        EngineErrors.convert(
            new InternalServerErrorException("Status 500: {\"message\":\"disk full\"}"),
            ADDRESS,
            "Removing x",
            "x");
    assertThat(e)
        .isExactlyInstanceOf(EngineException.class)
        .hasMessage("Removing x failed: disk full");
  }

  @Test
  void transportFailuresBecomeUnreachableNamingTheAddress() {
    EngineException e =
        EngineErrors.convert(
            new RuntimeException(new ConnectException("Connection refused")),
            "tcp://127.0.0.1:1",
            "Inspecting x",
            "x");
    assertThat(e)
        .isInstanceOf(EngineUnreachableException.class)
        .hasMessageStartingWith(
            "Cannot reach a Docker engine at tcp://127.0.0.1:1: connection refused.")
        .hasMessageContaining("DOCKER_HOST");
    assertThat(((EngineUnreachableException) e).address()).isEqualTo("tcp://127.0.0.1:1");
  }

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
