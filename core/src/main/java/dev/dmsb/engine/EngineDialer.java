package dev.dmsb.engine;

import java.io.IOException;

/** Opens raw connections to an engine over the endpoint configuration its HTTP client uses. */
@FunctionalInterface
public interface EngineDialer {

  /** A new connection; the caller closes it. */
  EngineConnection dial() throws IOException;
}
