package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What Main reads of the arguments before picocli does. */
class MainTest {
  @Test
  void aBuildMayUseBuildkitUnlessItNamesAnotherBuilder() {
    assertThat(Main.mayUseBuildkit("build", "-t", "x", ".")).isTrue();
    assertThat(Main.mayUseBuildkit("build", "--builder", "buildkit", ".")).isTrue();
    assertThat(Main.mayUseBuildkit("build", "--builder", "legacy", ".")).isFalse();
    assertThat(Main.mayUseBuildkit("build", "--builder=buildah", ".")).isFalse();
    // after --, only positional parameters
    assertThat(Main.mayUseBuildkit("build", "--", "--builder=legacy")).isTrue();
  }
}
