package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  @Test
  void equalTextsGiveNoDiff() {
    assertThat(UnifiedDiff.of("a", "b", "x\n", "x\n")).isEmpty();
  }

  @Test
  void hunksAsGnuDiffWritesThem() {
    // expected output produced by GNU diff -u --label a/x --label b/x
    String a =
        IntStream.rangeClosed(1, 20).mapToObj(i -> "line" + i + "\n").collect(Collectors.joining());
    String b =
        a.replace("line2\n", "LINE2\n").replace("line18\n", "").replace("line20\n", "line20");
    assertThat(UnifiedDiff.of("a/x", "b/x", a, b))
        .isEqualTo(
            "--- a/x\n+++ b/x\n"
                + "@@ -1,5 +1,5 @@\n line1\n-line2\n+LINE2\n line3\n line4\n line5\n"
                + "@@ -15,6 +15,5 @@\n line15\n line16\n line17\n-line18\n line19\n-line20\n"
                + "+line20\n\\ No newline at end of file\n");
  }

  @Test
  void nearbyChangesShareAHunkAndLineEndingsCount() {
    String a = "a\r\nb\r\nc\r\nd\r\n";
    String b = "a\r\nB\r\nc\r\nd\n";
    assertThat(UnifiedDiff.of("o", "n", a, b))
        .isEqualTo("--- o\n+++ n\n@@ -1,4 +1,4 @@\n a\r\n-b\r\n+B\r\n c\r\n-d\r\n+d\n");
  }

  @Test
  void insertionIntoAnEmptyFile() {
    assertThat(UnifiedDiff.of("o", "n", "", "x\n")).isEqualTo("--- o\n+++ n\n@@ -0,0 +1 @@\n+x\n");
  }
}
