package dev.dmsb.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

  private static InstructionNode only(SyntaxTree t) {
    assertThat(t.print()).isEqualTo(t.text());
    assertThat(t.instructions()).hasSize(1);
    return t.instructions().get(0);
  }

  private static String shell(InstructionNode n) {
    return ((Arguments.Shell) n.arguments()).text();
  }

  @Test
  void continuationJoinsWithoutSpaceAndKeepsIndentAndAllowsTrailingBlanks() {
    InstructionNode n = only(DockerfileParser.parse("RUN echo good\\ \t\nbye\\\n  frog\n"));
    assertThat(shell(n)).isEqualTo("echo goodbye  frog");
    assertThat(n.range().end().line()).isEqualTo(3);
  }

  @Test
  void commentAndEmptyLinesInsideContinuationAreDropped() {
    SyntaxTree t = DockerfileParser.parse("RUN a \\\n  # note \\\n\n  b\nRUN c\n");
    assertThat(t.print()).isEqualTo(t.text());
    assertThat(shell(t.instructions().get(0))).isEqualTo("a   b");
    assertThat(t.problems()).extracting(Problem::code).containsExactly("continuation.empty");
    assertThat(t.instructions().get(1).line()).isEqualTo(5);
  }

  @Test
  void escapedEscapeAtEndIsNotAContinuation() {
    SyntaxTree t = DockerfileParser.parse("RUN a \\\\\nRUN b\n");
    assertThat(t.instructions()).hasSize(2);
  }

  @Test
  void escapeDirectiveChangesContinuation() {
    SyntaxTree t = DockerfileParser.parse("# escape=`\nFROM x\nRUN dir `\n  c:\\\n");
    assertThat(t.escape()).isEqualTo('`');
    assertThat(t.directives()).extracting(DirectiveNode::key).containsExactly("escape");
    assertThat(shell(t.instructions().get(1))).isEqualTo("dir   c:\\");
  }

  @Test
  void directivesStopAtFirstOtherLine() {
    SyntaxTree t = DockerfileParser.parse("# syntax=a\n\n# escape=`\nFROM x\n");
    assertThat(t.directives()).extracting(DirectiveNode::key).containsExactly("syntax");
    assertThat(t.escape()).isEqualTo('\\');
    assertThat(t.nodes().get(2)).isInstanceOf(TriviaNode.class);
  }

  @Test
  void duplicateAndBadDirectivesAreProblems() {
    SyntaxTree t = DockerfileParser.parse("#SYNTAX = a\n# syntax=b\n# escape=x\nFROM y\n");
    assertThat(t.problems())
        .extracting(Problem::code)
        .containsExactly("directive.duplicate", "directive.escape");
  }

  @Test
  void bomAndCrlfRoundTripAndColumnsSkipTheBom() {
    String text = "\uFEFFFROM a AS b\r\nRUN x \\\r\n  y\r\n";
    SyntaxTree t = DockerfileParser.parse(text);
    assertThat(t.print()).isEqualTo(text);
    assertThat(t.bom()).isEqualTo("\uFEFF");
    InstructionNode from = t.instructions().get(0);
    assertThat(from.keyword().range().start()).isEqualTo(new SourcePosition(1, 1, 1));
    assertThat(shell(t.instructions().get(1))).isEqualTo("x   y");
  }

  @Test
  void keywordsInAnyCase() {
    assertThat(only(DockerfileParser.parse("cOpY a b")).keywordUpper()).isEqualTo("COPY");
  }

  @Test
  void flagsQuotesRemovedEqualsRequiredAndRangesPointAtTheValue() {
    String text = "COPY --from=\"build\" --link --chown 1 /a /b\n";
    InstructionNode n = only(DockerfileParser.parse(text));
    assertThat(n.flags()).extracting(Flag::name).containsExactly("from", "link", "chown");
    Flag from = n.flags().get(0);
    assertThat(from.value()).isEqualTo("build");
    assertThat(from.valueRange().textIn(text)).isEqualTo("\"build\"");
    assertThat(n.flags().get(1).hasValue()).isFalse();
    // "--chown 1": the flag has no value; "1" is the first argument
    assertThat(((Arguments.Shell) n.arguments()).words())
        .extracting(Word::text)
        .containsExactly("1", "/a", "/b");
  }

  @Test
  void doubleDashEndsFlags() {
    InstructionNode n = only(DockerfileParser.parse("COPY --link -- --odd /b"));
    assertThat(n.flags()).hasSize(1);
    assertThat(shell(n)).isEqualTo("--odd /b");
  }

  @Test
  void jsonFormAndFallbackToShellForm() {
    InstructionNode json = only(DockerfileParser.parse("CMD [\"a\", \"b c\"]"));
    assertThat(((Arguments.Json) json.arguments()).values()).containsExactly("a", "b c");
    InstructionNode single = only(DockerfileParser.parse("CMD ['a']"));
    assertThat(single.arguments()).isInstanceOf(Arguments.Shell.class);
    SyntaxTree bad = DockerfileParser.parse("CMD [1, \"a\"]");
    assertThat(bad.problems()).extracting(Problem::code).containsExactly("json.not-strings");
    InstructionNode copy = only(DockerfileParser.parse("COPY --from=x [\"a b\", \"/d/\"]"));
    assertThat(copy.arguments()).isInstanceOf(Arguments.Json.class);
  }

  @Test
  void heredocsSeveralPerLineChompAndQuotedDelimiters() {
    String text = "RUN <<A cat - 3<<-'B'\nline #1\nA\n\t\tx $Y\n\tB\nRUN next\n";
    SyntaxTree t = DockerfileParser.parse(text);
    assertThat(t.print()).isEqualTo(text);
    assertThat(t.instructions()).hasSize(2);
    List<Heredoc> docs = t.instructions().get(0).heredocs();
    assertThat(docs).extracting(Heredoc::delimiter).containsExactly("A", "B");
    assertThat(docs.get(0).content()).isEqualTo("line #1\n");
    assertThat(docs.get(0).expand()).isTrue();
    assertThat(docs.get(1).chomp()).isTrue();
    assertThat(docs.get(1).expand()).isFalse();
    assertThat(docs.get(1).fd()).isEqualTo(3);
    assertThat(docs.get(1).content()).isEqualTo("x $Y\n");
    assertThat(t.instructions().get(1).line()).isEqualTo(6);
  }

  @Test
  void heredocOnlyForRunCopyAdd() {
    SyntaxTree t = DockerfileParser.parse("ENV A=<<EOF\nFROM x\n");
    assertThat(t.instructions()).hasSize(2);
  }

  @Test
  void unterminatedHeredocRunsToEndOfFile() {
    SyntaxTree t = DockerfileParser.parse("COPY <<EOF /a\nhello");
    assertThat(t.print()).isEqualTo(t.text());
    assertThat(t.problems()).extracting(Problem::code).containsExactly("heredoc.unterminated");
    assertThat(t.instructions().get(0).heredocs().get(0).content()).isEqualTo("hello\n");
  }

  @Test
  void onbuildWrapsATrigger() {
    InstructionNode n = only(DockerfileParser.parse("ONBUILD COPY --from=a /x /y"));
    assertThat(n.trigger().keywordUpper()).isEqualTo("COPY");
    assertThat(n.trigger().flags()).extracting(Flag::value).containsExactly("a");
  }

  @Test
  void continuationAtEndOfFileEndsTheInstruction() {
    InstructionNode n = only(DockerfileParser.parse("RUN a \\"));
    assertThat(shell(n)).isEqualTo("a");
  }

  @Test
  void rangesSpanContinuations() {
    String text = "FROM \\\n  alpine AS b\n";
    InstructionNode n = only(DockerfileParser.parse(text));
    Word image = ((Arguments.Shell) n.arguments()).words().get(0);
    assertThat(image.text()).isEqualTo("alpine");
    assertThat(image.range().start()).isEqualTo(new SourcePosition(2, 3, 9));
    assertThat(image.range().textIn(text)).isEqualTo("alpine");
  }

  @Test
  void hostileInputStaysLinear() {
    String longLine = "RUN " + "a".repeat(1_000_000);
    SyntaxTree t = DockerfileParser.parse(longLine);
    assertThat(t.print()).isEqualTo(longLine);
    assertThat(t.problems()).extracting(Problem::code).containsExactly("line.too-long");
    String continuations = "RUN a \\\n".repeat(10_000) + "b\n";
    SyntaxTree c = DockerfileParser.parse(continuations);
    assertThat(c.print()).isEqualTo(continuations);
    assertThat(c.instructions()).hasSize(1);
  }
}
