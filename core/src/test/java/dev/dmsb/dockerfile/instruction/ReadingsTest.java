package dev.dmsb.dockerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.syntax.Heredoc;
import dev.dmsb.dockerfile.syntax.Problem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Readings of issue 15 that BuildKit makes and dmsb made differently. */
class ReadingsTest {

  private static Dockerfile parse(String text) {
    Dockerfile d = Dockerfile.parse(text);
    assertThat(d.tree().print()).isEqualTo(text);
    return d;
  }

  /** {Dockerfile, expected pairs as k=v, legacy form}. */
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("ENV MY_DOG=Rex\\ The\\ Dog\n", List.of("MY_DOG=Rex\\ The\\ Dog"), false),
        Arguments.of(
            "LABEL a=b\\ c d=\"e f\" g='h i'\n", List.of("a=b\\ c", "d=\"e f\"", "g='h i'"), false),
        Arguments.of("ENV A=x\\\\ B=y\n", List.of("A=x\\\\", "B=y"), false),
        Arguments.of("ENV MY_CAT fluffy  and\tcute\n", List.of("MY_CAT=fluffy  and\tcute"), true),
        Arguments.of("# escape=`\nENV P=C:\\x` y\n", List.of("P=C:\\x` y"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void envAndLabelWordsSplitAsBuildKit(String text, List<String> expected, boolean legacy) {
    Dockerfile d = parse(text);
    assertThat(d.problems()).isEmpty();
    Instruction i = d.instructions().get(0);
    List<KeyValue> pairs = i instanceof Env e ? e.pairs() : ((Label) i).pairs();
    assertThat(pairs).extracting(p -> p.key() + "=" + p.value()).isEqualTo(expected);
    assertThat(i instanceof Env e ? e.legacyForm() : ((Label) i).legacyForm()).isEqualTo(legacy);
  }

  @Test
  void argDefaultWithEscapedSpaceIsOneDeclaration() {
    Arg a = (Arg) parse("ARG A=x\\ y B\n").instructions().get(0);
    assertThat(a.declarations()).extracting(ArgDeclaration::name).containsExactly("A", "B");
    assertThat(a.declarations().get(0).defaultValue()).isEqualTo("x\\ y");
  }

  @Test
  void unterminatedQuoteInAValueIsReported() {
    Dockerfile d = parse("FROM x\nENV name='a\\'b'\nLABEL l=\"open\n");
    assertThat(d.problems())
        .extracting(Problem::code, p -> p.range().start().line())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("word.unterminated-quote", 2),
            org.assertj.core.groups.Tuple.tuple("word.unterminated-quote", 3));
    assertThat(d.problems().get(0).message()).contains("single-quote");
  }

  @Test
  void heredocWithSpaceAfterTheOperator() {
    String text = "FROM x\nRUN << EOF\nFROM y\necho $HOME\nEOF\nRUN x\n";
    Dockerfile d = parse(text);
    assertThat(d.problems()).isEmpty();
    assertThat(d.instructions()).hasSize(3);
    Heredoc h = ((Run) d.instructions().get(1)).heredocs().get(0);
    assertThat(h.delimiter()).isEqualTo("EOF");
    assertThat(h.content()).isEqualTo("FROM y\necho $HOME\n");
    assertThat(h.expand()).isTrue();
  }

  @Test
  void heredocSpaceBeforeChompedDelimiter() {
    Dockerfile d = parse("FROM x\nRUN <<  -EOF\nz\n-EOF\n");
    Heredoc h = ((Run) d.instructions().get(1)).heredocs().get(0);
    assertThat(h.delimiter()).isEqualTo("-EOF");
    assertThat(h.chomp()).isFalse();
  }

  /** {delimiter word, name, expand} as BuildKit's heredocFromMatch decides. */
  static Stream<Arguments> delimiters() {
    return Stream.of(
        Arguments.of("<<EOF", "EOF", true),
        Arguments.of("<<\"EOF\"", "EOF", false),
        Arguments.of("<<'EOF'", "EOF", false),
        Arguments.of("<<E\"O\"F", "EOF", false),
        Arguments.of("<<eo\\'f", "eo'f", true),
        Arguments.of("<<\\\"eof\\\"", "\"eof\"", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delimiters")
  void heredocDelimiterQuotingDecidesExpansion(String word, String name, boolean expand) {
    Dockerfile d = parse("FROM x\nRUN cat " + word + "\n$A\n" + name + "\n");
    Heredoc h = ((Run) d.instructions().get(1)).heredocs().get(0);
    assertThat(h.delimiter()).isEqualTo(name);
    assertThat(h.expand()).isEqualTo(expand);
    assertThat(h.terminated()).isTrue();
  }

  @Test
  void healthcheckCmdWithoutCommand() {
    Dockerfile d = parse("FROM x\nHEALTHCHECK --interval=5s CMD\n");
    assertThat(d.problems()).hasSize(1);
    Problem p = d.problems().get(0);
    assertThat(p.message()).isEqualTo("Missing command after HEALTHCHECK CMD");
    assertThat(p.message()).doesNotContain("Unknown type");
    assertThat(p.suggestion()).contains("HEALTHCHECK CMD");
  }

  @Test
  void healthcheckUnknownTypeStillNamesIt() {
    Dockerfile d = parse("FROM x\nHEALTHCHECK CMDD true\n");
    assertThat(d.problems()).extracting(Problem::message).anyMatch(m -> m.contains("\"CMDD\""));
  }

  /** {word, candidates, expected suggestion or null}. */
  static Stream<Arguments> suggestions() {
    return Stream.of(
        Arguments.of("rust", List.of("test", "build"), null),
        Arguments.of("go", List.of("gc", "test"), "gc"),
        Arguments.of("set", List.of("test"), null),
        Arguments.of("b", List.of("a"), "a"),
        Arguments.of("compose", List.of("compsoe", "compose-x"), "compsoe"),
        Arguments.of("golang", List.of("gulung"), "gulung"),
        Arguments.of("alpine", List.of("alpxne", "alxine"), "alpxne"),
        Arguments.of("devel", List.of("dexex"), null),
        Arguments.of("buidl", List.of("build", "test"), "build"),
        Arguments.of("biuld", List.of("build"), "build"),
        Arguments.of("builder", List.of("build"), "build"),
        Arguments.of("RUNN", List.of("RUN", "ENV"), "RUN"),
        Arguments.of("COPPY", List.of("COPY"), "COPY"),
        Arguments.of("app", List.of("ap", "test"), "ap"),
        Arguments.of("base", List.of("test"), null),
        Arguments.of("node", List.of("code"), "code"),
        Arguments.of("release", List.of("relase"), "relase"));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("suggestions")
  void didYouMeanOnlyForCloseNames(String word, List<String> candidates, String expected) {
    assertThat(Suggestion.closest(word, candidates)).isEqualTo(expected);
  }
}
