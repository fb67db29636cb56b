package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerIgnoreTest {

  /** Cases and results from moby/patternmatcher's own tests (MatchesOrParentMatches). */
  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of("**", "file", true),
        Arguments.of("**/", "file", true),
        Arguments.of("**", "dir/file", true),
        Arguments.of("**/**", "dir/file", true),
        Arguments.of("dir/**", "dir/file", true),
        Arguments.of("dir/**", "dir/dir2/file", true),
        Arguments.of("**/dir", "dir", true),
        Arguments.of("**/dir", "dir/file", true),
        Arguments.of("**/dir2/*", "dir/dir2/file", true),
        Arguments.of("**/dir2/**", "dir/dir2/dir3/file", true),
        Arguments.of("**file", "file", true),
        Arguments.of("**file", "dir/dir/file", true),
        Arguments.of("**file", "dir/xfile", true), // suffix-match quirk kept
        Arguments.of("**/file", "dir/dir/file", true),
        Arguments.of("**/file*.txt", "dir/dir/file.txt", true),
        Arguments.of("**/**/*.txt2", "dir/dir/file.txt", false),
        Arguments.of("**/*.txt", "file.txt", true),
        Arguments.of("a**/*.txt", "a/dir/dir/file.txt", true),
        Arguments.of("a/*.txt", "a/dir/file.txt", false),
        Arguments.of("a/*.txt", "a/file.txt", true),
        Arguments.of("a[b-d]e", "ae", false),
        Arguments.of("a[b-d]e", "ace", true),
        Arguments.of("a[^b-d]e", "aze", true),
        Arguments.of(".*", ".foo", true),
        Arguments.of(".*", "foo", false),
        Arguments.of("abc.def", "abcdef", false),
        Arguments.of("abc?def", "abcZdef", true),
        Arguments.of("abc?def", "abcdef", false),
        Arguments.of("**/foo/bar", "foo/bar", true),
        Arguments.of("abc/**", "abc", false),
        Arguments.of("abc/**", "abc/def/ghi", true),
        Arguments.of("**/.foo", "bar.foo", false),
        Arguments.of("a(b)c/def", "a(b)c/def", true),
        Arguments.of("a.|)$(}+{bc", "a.|)$(}+{bc", true),
        Arguments.of("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        Arguments.of("a\\\\", "a\\", true),
        Arguments.of("a\\*b", "a*b", true),
        Arguments.of("a\\*b", "ab", false),
        Arguments.of("a*/b", "abc/b", true),
        Arguments.of("a*/b", "a/c/b", false),
        Arguments.of("a*b?c*x", "abxbbxdbxebxczzx", true),
        Arguments.of("a?b", "a☺b", true),
        Arguments.of("a???b", "a☺b", false),
        Arguments.of("[a-ζ]*", "α", true),
        Arguments.of("[\\]a]", "]", true),
        Arguments.of("[x\\-]", "-", true),
        Arguments.of("[x\\-]", "z", false),
        Arguments.of("[[]", "[", true),
        Arguments.of("a?b", "a/b", false),
        Arguments.of("a*b", "a/b", false),
        // Folders match everything inside them; cleaning and a leading slash.
        Arguments.of("docs", "docs/README.md", true),
        Arguments.of("docs/", "docs/README.md", true),
        Arguments.of("/docs", "docs/a/b", true),
        Arguments.of("./docs", "docs/a", true),
        Arguments.of("docs/../secret", "secret", true),
        Arguments.of("*/node_modules", "a/node_modules/x/y.js", true),
        Arguments.of("*/node_modules", "node_modules/x", false));
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @MethodSource("patterns")
  void matchesLikeDocker(String pattern, String path, boolean excluded) throws Exception {
    DockerIgnore rules = DockerIgnore.parse(pattern + "\n", ".dockerignore");
    assertThat(rules.excludes(path)).isEqualTo(excluded);
  }

  static Stream<Arguments> multi() {
    return Stream.of(
        Arguments.of("**\n!util/docker/web", "util/docker/web/foo", false),
        Arguments.of("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", true),
        Arguments.of("**\n!dist/*.whl", "dist/x.whl", false),
        Arguments.of("docs\n!docs/README.md", "docs/README.md", false),
        Arguments.of("docs/*\n!docs/README.md", "docs/README.md", false),
        Arguments.of("*.go\n!fileutils.go", "fileutils.go", false),
        Arguments.of("!fileutils.go\n*.go", "fileutils.go", true),
        Arguments.of("# a comment\n*.md", "x.md", true),
        Arguments.of("#*.md", "x.md", false),
        // Docker tests for a comment before trimming: an indented # is a pattern.
        Arguments.of("  #x", "#x", true),
        Arguments.of("\n\n   \n*.log\n", "a.log", true),
        Arguments.of("\uFEFF*.log", "a.log", true),
        Arguments.of("*.log\r\n!keep.log\r\n", "keep.log", false),
        Arguments.of("! /keep/abs", "keep/abs", false));
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @MethodSource("multi")
  void rulesInOrderLastMatchWins(String text, String path, boolean excluded) throws Exception {
    assertThat(DockerIgnore.parse(text, ".dockerignore").excludes(path)).isEqualTo(excluded);
  }

  @Test
  void exceptionRulesOpenExcludedFoldersByLiteralPrefixOnly() throws Exception {
    DockerIgnore rules = DockerIgnore.parse("build\n!build/keep/me.txt\n", ".dockerignore");
    assertThat(rules.mayKeepInside("build")).isTrue();
    assertThat(rules.mayKeepInside("build/keep")).isTrue();
    assertThat(rules.mayKeepInside("build/other")).isFalse();
    assertThat(DockerIgnore.parse("build\n!*/x", "f").mayKeepInside("build")).isFalse();
    assertThat(DockerIgnore.parse("build", "f").mayKeepInside("build")).isFalse();
  }

  @Test
  void keepingAddsAnExceptionOnlyWhenExcluded() throws Exception {
    DockerIgnore rules = DockerIgnore.parse("*\n", ".dockerignore");
    assertThat(rules.keeping("Dockerfile").excludes("Dockerfile")).isFalse();
    assertThat(rules.keeping("Dockerfile").excludes("other")).isTrue();
    DockerIgnore none = DockerIgnore.parse("*.md\n", ".dockerignore");
    assertThat(none.keeping("Dockerfile")).isSameAs(none);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("ok\n[", 2),
        Arguments.of("a[", 1),
        Arguments.of("x\ny\n[^bc", 3),
        Arguments.of("[]a]", 1),
        Arguments.of("[-]", 1),
        Arguments.of("[x-]", 1),
        Arguments.of("[a-b-c]", 1),
        // Backwards ranges: moby's regexp rejects them, so the docker CLI fails the build.
        Arguments.of("ok\n[z-a]", 2),
        Arguments.of("x/[\\z-a]", 1),
        Arguments.of("foo\\", 1),
        Arguments.of("ok\n!", 2),
        Arguments.of("ok\n!   ", 2));
  }

  @ParameterizedTest(name = "{0} fails at line {1}")
  @MethodSource("malformed")
  void malformedPatternsNameTheLine(String text, int line) {
    assertThatThrownBy(() -> DockerIgnore.parse(text, "ctx/.dockerignore"))
        .isInstanceOf(ContextException.class)
        .hasMessageStartingWith("ctx/.dockerignore:" + line + ": ");
  }

  @Test
  void dockerfileSpecificIgnoreFileWins(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve(".dockerignore"), "general\n");
    java.nio.file.Path df = dir.resolve("app.Dockerfile");
    assertThat(DockerIgnore.load(dir, df).excludes("general")).isTrue();
    java.nio.file.Files.writeString(dir.resolve("app.Dockerfile.dockerignore"), "specific\n");
    DockerIgnore rules = DockerIgnore.load(dir, df);
    assertThat(rules.excludes("specific")).isTrue();
    assertThat(rules.excludes("general")).isFalse();
    assertThat(DockerIgnore.load(dir, null).excludes("general")).isTrue();
  }
}
