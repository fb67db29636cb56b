package dev.dmsb.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heredoc cases of BuildKit's {@code TestParseExtractsHeredoc} (its Dockerfile copied as {@code
 * buildkit/heredoc-cases.Dockerfile}): for every instruction after FROM, the heredocs BuildKit's
 * parser attaches (name, expansion, chomping, file descriptor, body).
 */
class HeredocCasesTest {
  /** name, expand, chomp, fd (0 for none), body as written (before chomping). */
  record H(String name, boolean expand, boolean chomp, int fd, String body) {}

  private static H h(String name, boolean expand, String body) {
    return new H(name, expand, false, 0, body);
  }

  private static final List<List<H>> EXPECTED =
      List.of(
          List.of(), // ENV NAME=me
          List.of(), // RUN ls
          List.of(), // USER <<INVALID
          List.of(), // INVALID
          List.of(h("EMPTY", true, "")),
          List.of(new H("EMPTY2", true, false, 3, "")),
          List.of(), // RUN "<<NOHEREDOC"
          List.of(h("INDENT", true, "\tfoo\n\tbar\n")),
          List.of(new H("UNINDENT", true, true, 0, "\tbaz\n\tquux\n")),
          List.of(new H("UNINDENT2", true, true, 0, "\tbaz\n\tquux\n")),
          List.of(new H("EXPAND", true, true, 0, "\texpand $NAME\n")),
          List.of(new H("NOEXPAND", false, true, 0, "\tdon't expand $NAME\n")),
          List.of(h("COPY", true, "echo hello world\necho foo bar\n")),
          List.of(
              h(
                  "COMMENT",
                  true,
                  "# internal comment\necho hello world\necho foo bar # trailing comment\n")),
          List.of(h("MOUNT", true, "echo hello\n")),
          List.of(h("FILE1", true, "content 1\n"), h("FILE2", true, "content 2\n")),
          List.of(h("EOF", true, "\"foo\"\n'bar'\n")),
          List.of(h("X", true, "Y\n"), h("Y", true, "X\n")),
          List.of(h("COMPLEX", true, "print('hello world')\n")),
          List.of(h("file.txt", true, "hello world\n")),
          List.of(h("eof", false, "echo foo\n")),
          List.of(h("eo'f", true, "echo foo\n")),
          List.of(h("eo'f", false, "echo foo\n")),
          List.of(h("one two", false, "echo bar\n")),
          List.of(h("$EOF", true, "")),
          List.of(h("EOF", true, "")),
          List.of(h("EOF", true, "")));

  @Test
  void heredocsAsBuildKitsParserReadsThem() throws IOException {
    String text = Files.readString(Path.of("src/test/resources/buildkit/heredoc-cases.Dockerfile"));
    SyntaxTree t = DockerfileParser.parse(text);
    assertThat(t.print()).isEqualTo(text);
    assertThat(t.problems()).extracting(Problem::code).doesNotContain("heredoc.unterminated");
    List<InstructionNode> after = t.instructions().subList(1, t.instructions().size());
    assertThat(after).hasSize(EXPECTED.size());
    for (int i = 0; i < EXPECTED.size(); i++) {
      List<H> actual = new ArrayList<>();
      for (Heredoc d : after.get(i).heredocs()) {
        actual.add(new H(d.delimiter(), d.expand(), d.chomp(), Math.max(d.fd(), 0), d.content()));
      }
      List<H> expected = new ArrayList<>();
      for (H e : EXPECTED.get(i)) {
        // dmsb's content is the body as the engine uses it: chomped bodies lose leading tabs.
        String body = e.chomp() ? e.body().replaceAll("(?m)^\t+", "") : e.body();
        expected.add(new H(e.name(), e.expand(), e.chomp(), e.fd(), body));
      }
      assertThat(actual).as("instruction %d: %s", i + 2, after.get(i).raw()).isEqualTo(expected);
    }
  }
}
