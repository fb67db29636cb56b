package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ImageNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryErrorTest {
  static final String IMAGE = "127.0.0.1:5001/dmsb/busybox:latest";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Head \"http://127.0.0.1:5001/v2/dmsb/busybox/manifests/latest\": no basic auth"
            + " credentials",
        "unauthorized: authentication required",
        "denied: requested access to the resource is denied"
      })
  void refusedAccessSaysHowToLogIn(String engineMessage) {
    EngineException e = Distribution.registryError(IMAGE, 500, engineMessage);
    assertThat(e).isNotInstanceOf(ImageNotFoundException.class);
    assertThat(e.getMessage())
        .contains("The registry 127.0.0.1:5001 refused access to " + IMAGE)
        .contains("docker login 127.0.0.1:5001");
  }

  @Test
  void aMissingImageNamesItAndTheRegistry() {
    EngineException e =
        Distribution.registryError(IMAGE, 404, "manifest unknown: manifest unknown");
    assertThat(e).isInstanceOf(ImageNotFoundException.class);
    assertThat(e.getMessage()).contains(IMAGE).contains("registry 127.0.0.1:5001");
  }

  @Test
  void anotherFailureNamesTheRegistry() {
    EngineException e =
        Distribution.registryError(IMAGE, 500, "dial tcp 127.0.0.1:5001: connect: refused");
    assertThat(e.getMessage()).startsWith("Asking the registry 127.0.0.1:5001 for " + IMAGE);
  }
}
