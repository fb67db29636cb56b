package dev.dmsb.buildkit;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settings Netty and gRPC get in this package, applied by every class that starts them, before
 * Netty's own classes read them:
 *
 * <ul>
 *   <li>Netty describes its buffer allocations as JFR events whenever JFR is available, which sets
 *       up JFR's classes and metadata in a process that records nothing: about 0.08 s of CPU at the
 *       start of every build. {@code io.netty.jfr.enabled} is set to false unless the user set it.
 *   <li>Library code never prints: Netty and gRPC log through java.util.logging, whose default
 *       handler writes to stderr (Netty warns, for one, that an in-process channel has no TCP
 *       keep-alive option, which gRPC sets on every channel). {@code -Ddmsb.session.log=true}
 *       leaves their logging as configured.
 * </ul>
 */
final class NettyDefaults {
  /** Kept here so that the loggers' levels are not collected with them. */
  private static final List<Logger> QUIET;

  static {
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    if (Boolean.getBoolean("dmsb.session.log")) {
      QUIET = List.of();
    } else {
      QUIET = List.of(Logger.getLogger("io.netty"), Logger.getLogger("io.grpc"));
      QUIET.forEach(l -> l.setLevel(Level.OFF));
    }
  }

  private NettyDefaults() {}

  /** Applies the settings (once, in this class's initialisation); later calls do nothing. */
  static void apply() {
    // the static initialiser has run by the time this returns
  }
}
