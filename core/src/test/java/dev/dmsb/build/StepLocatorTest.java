package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepLocatorTest {
  private static final String DOCKERFILE =
      """
      # syntax=docker/dockerfile:1
      FROM dmsb/busybox:latest AS builder
      # build it
      RUN echo one \\
          # a comment inside
          && echo two
      RUN false

      FROM dmsb/busybox:latest
        COPY --from=builder /bin/sh /x
      RUN false
      """;

  @Test
  void findsBuildkitStepsByStageAndText() {
    StepLocator locator = new StepLocator(DOCKERFILE);
    StepLocator.Instruction i = locator.locate("[builder 3/3] RUN false");
    assertThat(i.line()).isEqualTo(7);
    assertThat(i.stage()).isEqualTo("builder");
    StepLocator.Instruction last = locator.locate("[stage-1 3/3] RUN false");
    assertThat(last.line()).isEqualTo(11);
    assertThat(locator.locate("[builder 2/3] RUN echo one && echo two").line()).isEqualTo(4);
    StepLocator.Instruction copy = locator.locate("[stage-1 2/3] COPY --from=builder /bin/sh /x");
    assertThat(copy.line()).isEqualTo(10);
    assertThat(copy.column()).isEqualTo(3);
    assertThat(copy.sourceLine()).isEqualTo("  COPY --from=builder /bin/sh /x");
  }

  @Test
  void findsLegacyStepsByNumber() {
    StepLocator locator = new StepLocator(DOCKERFILE);
    assertThat(locator.locate("Step 6/6 : RUN false").line()).isEqualTo(11);
    assertThat(locator.locate("Step 3/6 : RUN false").line()).isEqualTo(7);
    assertThat(locator.locate("Step 9/9 : RUN nothing")).isNull();
  }

  @Test
  void findsBuildahStepsByStagePositionAndStepWithinTheStage() {
    // Podman 4.3.1: "[2/2] STEP 3/3: RUN false" is the third instruction of the second stage
    StepLocator locator = new StepLocator(DOCKERFILE);
    StepLocator.Instruction i = locator.locate("[1/2] STEP 3/3: RUN false");
    assertThat(i.line()).isEqualTo(7);
    assertThat(i.stage()).isEqualTo("builder");
    StepLocator.Instruction last = locator.locate("[2/2] STEP 3/3: RUN false");
    assertThat(last.line()).isEqualTo(11);
    assertThat(last.stage()).isEqualTo("stage-1");
    assertThat(locator.locate("[2/2] STEP 2/3: COPY --from=builder /bin/sh /x").line())
        .isEqualTo(10);
    assertThat(locator.locate("STEP 3/6: RUN false").line()).isEqualTo(7);
  }

  @Test
  void honoursTheEscapeDirective() {
    StepLocator locator = new StepLocator("# escape=`\nFROM scratch\nCOPY a `\n  b /\nRUN x\n");
    assertThat(locator.locate("Step 3/3 : RUN x").line()).isEqualTo(5);
    assertThat(locator.locate("[2/3] COPY a b /").line()).isEqualTo(3);
  }
}
