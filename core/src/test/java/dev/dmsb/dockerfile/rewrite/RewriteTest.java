package dev.dmsb.dockerfile.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.syntax.LineIndex;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RewriteTest {
  private static final String TEXT = "FROM a\nCOPY --from=0 /x /y\n";
  private static final LineIndex LINES = new LineIndex(TEXT);

  private static Edit edit(int start, int end, String replacement) {
    return new Edit(LINES.range(start, end), replacement, "test");
  }

  @Test
  void appliesEditsByPositionWhateverTheirOrder() {
    Rewrite r = Rewrite.apply(TEXT, List.of(edit(19, 20, "b"), edit(6, 6, " AS b")));
    assertThat(r.text()).isEqualTo("FROM a AS b\nCOPY --from=b /x /y\n");
    assertThat(r.edits()).extracting(Edit::line).containsExactly(1, 2);
    assertThat(r.changed()).isTrue();
  }

  @Test
  void anInsertionJustBeforeOrAfterAReplacementIsNotAnOverlap() {
    Rewrite r = Rewrite.apply(TEXT, List.of(edit(5, 6, "b"), edit(6, 6, " AS c"), edit(5, 5, "x")));
    assertThat(r.text()).startsWith("FROM xb AS c\n");
  }

  @Test
  void refusesOverlappingEdits() {
    assertThatThrownBy(() -> Rewrite.apply(TEXT, List.of(edit(0, 6, "x"), edit(5, 8, "y"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlapping edits");
    assertThatThrownBy(() -> Rewrite.apply(TEXT, List.of(edit(3, 3, "x"), edit(3, 3, "y"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rewrite.apply(TEXT, List.of(edit(0, 10, "x"), edit(4, 4, "y"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noEditsGiveTheSameText() {
    Rewrite r = Rewrite.apply(TEXT, List.of());
    assertThat(r.text()).isSameAs(TEXT).isEqualTo(TEXT);
    assertThat(r.changed()).isFalse();
  }

  @Test
  void coversTheRangesItReplaced() {
    Rewrite r = Rewrite.apply(TEXT, List.of(edit(12, 20, "--from=b")));
    assertThat(r.covers(LINES.range(19, 20))).isTrue();
    assertThat(r.covers(LINES.range(0, 4))).isFalse();
  }

  @Test
  void saysWhichEditsItMadeAndWhy() throws Exception {
    Rewrite r =
        Rewriter.rewrite(
            "Dockerfile",
            "FROM dmsb/busybox:latest\nFROM dmsb/busybox:latest\nCOPY --from=0 /a /b\n",
            RewriteOptions.defaults());
    assertThat(r.edits())
        .extracting(Edit::toString)
        .containsExactly(
            "1:25: named stage 0 'stage0' so references can use its name",
            "3:13: stage index 0 written as the stage's name 'stage0' (indices change when stages"
                + " move)");
  }

  @Test
  void pinsEachImageOnceAndKeepsPinnedOnes() throws Exception {
    FakeDigests digests = new FakeDigests(Set.of());
    String text =
        "FROM dmsb/busybox:latest AS a\nFROM dmsb/busybox:latest\n"
            + "COPY --from=x/y@sha256:"
            + "1".repeat(64)
            + " /a /b\n";
    Rewrite r = Rewriter.rewrite("Dockerfile", text, RewriteOptions.defaults().withPin(digests));
    assertThat(digests.asked).containsExactly("dmsb/busybox:latest");
    assertThat(r.text())
        .isEqualTo(
            text.replace(
                "dmsb/busybox:latest",
                "dmsb/busybox:latest@" + FakeDigests.of("dmsb/busybox:latest")));
  }

  @Test
  void pinsWhatItCanAndNamesWhatItCannot() throws Exception {
    FakeDigests digests = new FakeDigests(Set.of("local/base:1"));
    String text = "FROM local/base:1 AS a\nFROM dmsb/busybox:latest\nCOPY --from=a /a /b\n";
    Rewrite r = Rewriter.rewrite("df", text, RewriteOptions.defaults().withPin(digests));
    assertThat(r.text())
        .isEqualTo(
            text.replace(
                "dmsb/busybox:latest",
                "dmsb/busybox:latest@" + FakeDigests.of("dmsb/busybox:latest")));
    assertThat(r.notPinned())
        .extracting(NotPinned::toString)
        .containsExactly(
            "df:1:6: cannot pin image 'local/base:1': manifest unknown; push it to a registry,"
                + " or pin it by hand as local/base:1@sha256:<digest>");
  }

  @Test
  void aLookupThatIsDownStopsTheRewrite() {
    DigestResolver down =
        ref -> {
          throw DigestUnavailableException.lookupDown("the engine is down", null);
        };
    assertThatThrownBy(
            () ->
                Rewriter.rewrite(
                    "df", "FROM dmsb/busybox:latest\n", RewriteOptions.defaults().withPin(down)))
        .isInstanceOf(RewriteException.class)
        .hasMessageStartingWith("df:1:6: cannot pin image 'dmsb/busybox:latest'")
        .hasMessageContaining("the engine is down");
  }

  @Test
  void refusesADigestThatIsNotOne() {
    DigestResolver bad = ref -> "latest";
    assertThatThrownBy(
            () ->
                Rewriter.rewrite(
                    "df", "FROM dmsb/busybox:latest\n", RewriteOptions.defaults().withPin(bad)))
        .isInstanceOf(RewriteException.class)
        .hasMessageStartingWith("df:1:6: cannot pin image 'dmsb/busybox:latest'")
        .hasMessageContaining("not a sha256 digest");
  }

  @Test
  void pruningForAnUnknownTargetSaysWhichStagesThereAre() {
    RewriteOptions o =
        RewriteOptions.defaults()
            .withPrune(true)
            .withGraph(GraphOptions.defaults().withTarget("nope"));
    assertThatThrownBy(
            () -> Rewriter.rewrite("df", "FROM dmsb/busybox:latest AS a\nFROM scratch\n", o))
        .isInstanceOf(RewriteException.class)
        .hasMessage(
            "df: --target 'nope' names no stage, so there is nothing to prune for; the stages"
                + " are: a, stage-1");
  }

  @Test
  void anEmptyOrStagelessFileIsLeftAlone() throws Exception {
    for (String t : List.of("", "# just a comment\n", "ARG A=1\n")) {
      Rewrite r = Rewriter.rewrite("df", t, RewriteOptions.defaults().withPrune(true));
      assertThat(r.text()).isEqualTo(t);
    }
  }

  @Test
  void rangeOfAnEditIsInTheOriginal() {
    Edit e = edit(0, 4, "from");
    assertThat(e.range()).isEqualTo(new SourceRange(LINES.position(0), LINES.position(4)));
    assertThat(e.start()).isZero();
    assertThat(e.end()).isEqualTo(4);
  }
}
