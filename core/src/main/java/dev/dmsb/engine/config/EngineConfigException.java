package dev.dmsb.engine.config;

import dev.dmsb.engine.EngineException;

/**
 * The engine address or the docker configuration is wrong (an unknown context, a malformed {@code
 * DOCKER_HOST}, missing certificates, a broken credential helper). The message names the setting
 * and how to fix it.
 */
public class EngineConfigException extends EngineException {
  private static final long serialVersionUID = 1L;

  public EngineConfigException(String message) {
    super(message);
  }

  public EngineConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
