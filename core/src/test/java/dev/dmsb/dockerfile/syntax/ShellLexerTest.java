package dev.dmsb.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BuildKit's own lexer tables ({@code envVarTest}, {@code wordsTest}, copied with their source
 * note) and a table of the forms added since BuildKit v0.8, run against {@link ShellLexer}.
 */
class ShellLexerTest {
  private static final Map<String, String> ENV =
      Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");

  private static List<String> lines(String name) throws IOException {
    try (InputStream in = ShellLexerTest.class.getResourceAsStream("/buildkit/shell/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  static Stream<Arguments> envVarTest() throws IOException {
    List<Arguments> out = new ArrayList<>();
    int n = 0;
    for (String line : lines("envVarTest")) {
      n++;
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split("\\|", -1);
      if (!parts[0].trim().equals("W")) {
        out.add(Arguments.of(n, parts[1].trim(), parts[2].trim()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "envVarTest:{0} {1}")
  @MethodSource("envVarTest")
  void buildkitEnvVarTable(int line, String source, String expected) {
    ShellLexer.Result r = ShellLexer.process(source, ENV, ShellLexer.Options.of('\\'));
    if (expected.equals("error")) {
      assertThat(r.error()).as("an error for %s", source).isNotNull();
    } else {
      assertThat(r.error()).isNull();
      assertThat(r.value()).isEqualTo(expected);
    }
  }

  static Stream<Arguments> wordsTest() throws IOException {
    List<Arguments> out = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    int n = 0;
    for (String line : lines("wordsTest")) {
      n++;
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("ENV ")) {
        String kv = line.substring(3).replaceFirst("^ +", "");
        int eq = kv.indexOf('=');
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
        continue;
      }
      String[] parts = line.split("\\|", -1);
      List<String> expected = Arrays.asList(parts[1].replaceFirst("^ +", "").split(",", -1));
      out.add(Arguments.of(n, parts[0].trim(), Map.copyOf(env), expected));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "wordsTest:{0} {1}")
  @MethodSource("wordsTest")
  void buildkitWordsTable(int line, String source, Map<String, String> env, List<String> expected) {
    ShellLexer.Result r = ShellLexer.process(source, env, ShellLexer.Options.of('\\'));
    List<String> words = r.error() != null ? List.of("error") : r.words();
    assertThat(words).isEqualTo(expected);
  }

  /** {input, env, current BuildKit, BuildKit v0.8 (Docker 20.10)}; "error" for a failure. */
  static Stream<Arguments> forms() {
    Map<String, String> e = Map.of("FOO", "xxyy", "P", "linux/amd64", "EMPTY", "", "X", "x");
    return Stream.of(
        Arguments.of("${P#linux/amd64}", e, "", "error"),
        Arguments.of("${P#linux/arm64}", e, "linux/amd64", "error"),
        Arguments.of("${P#*/}", e, "amd64", "error"),
        Arguments.of("${P%/*}", e, "linux", "error"),
        Arguments.of("${FOO#*x}", e, "xyy", "error"),
        Arguments.of("${FOO##*x}", e, "yy", "error"),
        Arguments.of("${FOO%y*}", e, "xxy", "error"),
        Arguments.of("${FOO%%y*}", e, "xx", "error"),
        Arguments.of("${FOO#$X}", e, "xyy", "error"),
        Arguments.of("${FOO#?}", e, "xyy", "error"),
        Arguments.of("${FOO%%\\**}", Map.of("FOO", "xx**"), "xx", "error"),
        Arguments.of(
            "${FOO#()[]{\\}^$.\\*\\?|\\\\}", Map.of("FOO", "()[]{}^$.*?|\\x"), "x", "error"),
        Arguments.of("${FOO:#x}", e, "error", "error"),
        Arguments.of("${NO#x}", e, "", "error"),
        Arguments.of("${FOO/x/a}", e, "axyy", "error"),
        Arguments.of("${FOO//x/a}", e, "aayy", "error"),
        Arguments.of("${FOO//x*/a}", e, "a", "error"),
        Arguments.of("${FOO/y}", e, "error", "error"),
        Arguments.of("${FOO/#/x}", e, "xxyy", "error"),
        Arguments.of("${FOO//y/$X}", e, "xxxx", "error"),
        Arguments.of("${NO/x/y}", e, "", "error"),
        Arguments.of("${EMPTY-d}|${NO-d}", e, "|d", "error"),
        Arguments.of("${EMPTY+a}|${NO+a}", e, "a|", "error"),
        Arguments.of("${EMPTY:-d}|${NO:-d}|${X:-d}", e, "d|d|x", "d|d|x"),
        Arguments.of("${EMPTY:+a}|${NO:+a}|${X:+a}", e, "||a", "||a"),
        Arguments.of("${EMPTY?}", e, "", ""),
        Arguments.of("${NO?}", e, "error", "error"),
        Arguments.of("${EMPTY:?}", e, "error", "error"),
        Arguments.of("${X:?m}", e, "x", "x"),
        Arguments.of("${FOO=a}", e, "error", "error"),
        Arguments.of("'$X'\"$X\"\\$X", e, "$Xx$X", "$Xx$X"),
        Arguments.of("a<<  b", e, "a<<  b", "a<<  b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void formsOfBothBuildKits(String input, Map<String, String> env, String now, String v08) {
    check(ShellLexer.process(input, env, ShellLexer.Options.of('\\')), now);
    check(
        ShellLexer.process(
            input, env, ShellLexer.Options.of('\\').with(ShellLexer.Dialect.BUILDKIT_0_8)),
        v08);
  }

  private static void check(ShellLexer.Result r, String expected) {
    if (expected.equals("error")) {
      assertThat(r.error()).isNotNull();
    } else {
      assertThat(r.error()).isNull();
      assertThat(r.value()).isEqualTo(expected);
    }
  }
}
