package dev.dmsb.engine.docker;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the adapter: making a mapper is costly at start-up, using one is not. */
final class EngineJson {
  /** Thread-safe once configured; never reconfigured. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private EngineJson() {}
}
