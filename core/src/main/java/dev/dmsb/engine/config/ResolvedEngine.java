package dev.dmsb.engine.config;

import java.util.List;

/**
 * The engine to talk to and what the user should be warned about (plain tcp to another machine).
 * The warnings are data: the front end decides how to show them.
 */
public record ResolvedEngine(EngineEndpoint endpoint, List<String> warnings) {
  public ResolvedEngine {
    warnings = List.copyOf(warnings);
  }
}
