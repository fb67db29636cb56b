package dev.dmsb.engine.config;

import java.nio.file.Path;

/**
 * What the user chose on the command line, named as the docker CLI names it; null means not given.
 *
 * @param host {@code -H/--host}
 * @param context {@code --context}
 * @param tls {@code --tls}: use TLS (without verification unless {@code tlsVerify})
 * @param tlsVerify {@code --tlsverify}: use TLS and verify the engine
 * @param tlsCaCert {@code --tlscacert}
 * @param tlsCert {@code --tlscert}
 * @param tlsKey {@code --tlskey}
 */
public record EngineSelection(
    String host,
    String context,
    Boolean tls,
    Boolean tlsVerify,
    Path tlsCaCert,
    Path tlsCert,
    Path tlsKey) {

  /** Nothing chosen: the environment and the docker configuration decide. */
  public static EngineSelection none() {
    return new EngineSelection(null, null, null, null, null, null, null);
  }

  /** Only a host chosen. */
  public static EngineSelection host(String host) {
    return new EngineSelection(host, null, null, null, null, null, null);
  }
}
