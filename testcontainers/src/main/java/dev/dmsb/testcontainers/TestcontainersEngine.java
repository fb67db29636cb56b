package dev.dmsb.testcontainers;

import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.EngineUnavailableException;
import org.testcontainers.DockerClientFactory;

/** The engine Testcontainers found, opened as a {@link DmsbEngine}. */
final class TestcontainersEngine {
  private TestcontainersEngine() {}

  /**
   * Testcontainers' docker host (it reads {@code ~/.testcontainers.properties}, {@code
   * DOCKER_HOST}, {@code docker.host} and its other strategies); TLS, for a {@code tcp://} host,
   * comes from {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} as for the docker CLI.
   */
  static DmsbEngine open() throws EngineUnavailableException {
    return DmsbEngine.at(host());
  }

  static String host() {
    return DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
  }
}
