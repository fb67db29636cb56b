package dev.dmsb.api;

/**
 * No container engine answered at the address dmsb resolved (DOCKER_HOST, the docker context, or
 * the default socket), or its address or TLS configuration is wrong.
 */
public class EngineUnavailableException extends DmsbException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
