package dev.dmsb.engine.config;

import java.time.Duration;

/**
 * How long dmsb waits for an engine.
 *
 * @param connect to open a connection (a tcp engine that does not answer fails after this)
 * @param request for an answer to a short request (ping, inspect, history, remove)
 * @param streamRead for the next bytes of a long stream (build, pull, export); null waits forever,
 *     the default, because a build step may be silent for a long time
 */
public record EngineTimeouts(Duration connect, Duration request, Duration streamRead) {

  /** 5 s to connect, 60 s per short request, no limit on streams. */
  public static EngineTimeouts defaults() {
    return new EngineTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), null);
  }

  /** The same with a limit on silence in streams. */
  public EngineTimeouts withStreamRead(Duration streamRead) {
    return new EngineTimeouts(connect, request, streamRead);
  }
}
