package dev.dmsb.reliability;

import dev.dmsb.it.TestEngine;
import java.time.Duration;

/**
 * How an engine checks the health of a BuildKit session, and so how long a session whose answers no
 * longer arrive lives on: the {@code monitorHealth} loop in {@code session/grpc.go} of the BuildKit
 * each engine vendors. Every {@code interval} the engine calls {@code Health/Check} with {@code
 * timeout}; after {@code misses} failed checks in a row it closes the session. From BuildKit v0.11
 * on, a check's timeout is {@code max(timeout, growth × the last check's duration)}.
 *
 * <ul>
 *   <li>Docker 20.10.24 vendors BuildKit v0.8.4-0.20221020190723-eeb7b65ab7d6: every 1 s, a 10 s
 *       timeout, and the first error returns.
 *   <li>Docker 28.5.2 vendors BuildKit v0.25.2: a 5 s ticker, a 30 s timeout growing to 1.5× the
 *       last check's duration, and a {@code failedBefore} flag meant to allow one failure. That
 *       flag is never reached: the loop's {@code ctx, cancel := context.WithCancelCause(ctx)}
 *       shadows the session's context with the check's own, cancelled right after the check, so the
 *       "canceled connection" test that comes before the flag ({@code select case <-ctx.Done():
 *       return}) returns at the first failed check and the deferred {@code cancelConn} ends the
 *       session. BuildKit fixed this in 2026 (the check's context is {@code checkCtx}, with a
 *       failure threshold), in releases after the one 28.5 vendors.
 * </ul>
 */
record SessionHealth(Duration interval, Duration timeout, double growth, int misses) {
  static final SessionHealth DOCKER_20 =
      new SessionHealth(Duration.ofSeconds(1), seconds(10), 1, 1);
  static final SessionHealth DOCKER_28 =
      new SessionHealth(Duration.ofSeconds(5), seconds(30), 1.5, 1);

  /** The policy of the engine the tests run on, or null where BuildKit builds no session. */
  static SessionHealth ofTestEngine() {
    return switch (TestEngine.name()) {
      case "docker20" -> DOCKER_20;
      case "docker28", "docker28-containerd" -> DOCKER_28;
      default -> null;
    };
  }

  /**
   * The longest a session can live once its answers stop: the first check left unanswered starts at
   * most one interval later (one that was already on its way started earlier), each failed check
   * takes its whole timeout (the first: {@code timeout}, as the checks before it were quick; each
   * next one {@code growth} times the last), and the next check starts at most one interval after.
   */
  Duration endsWithin() {
    Duration total = Duration.ZERO;
    Duration check = timeout;
    for (int i = 0; i < misses; i++) {
      total = total.plus(interval).plus(check);
      check = max(timeout, Duration.ofNanos((long) (check.toNanos() * growth)));
    }
    return total;
  }

  @Override
  public String toString() {
    return "a check every "
        + interval.toSeconds()
        + " s with a "
        + timeout.toSeconds()
        + " s timeout, "
        + misses
        + " failed check(s) end the session";
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
