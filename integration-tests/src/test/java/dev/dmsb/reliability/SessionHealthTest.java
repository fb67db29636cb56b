package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The longest a session whose answers stop can live, by each engine's health policy. */
class SessionHealthTest {
  @Test
  void docker20EndsItAtTheFirstCheckLeftUnansweredForTenSeconds() {
    assertThat(SessionHealth.DOCKER_20.endsWithin()).isEqualTo(Duration.ofSeconds(1 + 10));
  }

  @Test
  void docker28EndsItAtTheFirstCheckLeftUnansweredForThirtySeconds() {
    assertThat(SessionHealth.DOCKER_28.endsWithin()).isEqualTo(Duration.ofSeconds(5 + 30));
  }

  @Test
  void aSecondMissWaitsOneAndAHalfTimesTheFirstCheck() {
    // BuildKit's intent before its fix: a second failed check, timed at 1.5 × the 30 s one.
    SessionHealth twoMisses =
        new SessionHealth(Duration.ofSeconds(5), Duration.ofSeconds(30), 1.5, 2);
    assertThat(twoMisses.endsWithin()).isEqualTo(Duration.ofSeconds(5 + 30 + 5 + 45));
  }
}
