package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextSelectionTest {
  @TempDir Path dir;

  private void file(String rel) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, rel);
  }

  private Map<String, TarReading.Entry> send(List<String> sources, String ignore) throws Exception {
    return TarReading.read(
        TarReading.write(
            ContextStream.of(
                dir,
                DockerIgnore.parse(ignore, ".dockerignore"),
                List.of("Dockerfile"),
                ContextSelection.only(sources),
                false)));
  }

  @Test
  void sendsOnlyWhatSourcesMatchWithTheirParentFolders() throws Exception {
    file("Dockerfile");
    file("src/main/App.java");
    file("src/test/AppTest.java");
    file("pom.xml");
    file("data/huge.bin");
    file("docs/a.md");
    assertThat(send(List.of("pom.xml", "src/main"), "").keySet())
        .containsExactly("Dockerfile", "pom.xml", "src/", "src/main/", "src/main/App.java");
  }

  @Test
  void wildcardsAndIgnoreRulesCombine() throws Exception {
    file("Dockerfile");
    file("conf/a.yml");
    file("conf/b.yml");
    file("conf/c.json");
    file("conf/sub/d.yml");
    assertThat(send(List.of("conf/*.yml"), "conf/b.yml").keySet())
        .containsExactly("Dockerfile", "conf/", "conf/a.yml");
  }

  @Test
  void dotSelectsEverything() throws Exception {
    assertThat(ContextSelection.only(List.of("./", "a")).isEverything()).isTrue();
    assertThat(ContextSelection.only(List.of("/app/..")).isEverything()).isTrue();
  }

  @Test
  void aSourceOutsideTheContextIsRefused() {
    assertThatThrownBy(() -> ContextSelection.only(List.of("../secrets/key")))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("outside the build context");
  }

  @Test
  void symlinkedSourcesBringTheirTargets() throws Exception {
    file("Dockerfile");
    file("releases/v2/app.jar");
    file("releases/v1/app.jar");
    Files.createSymbolicLink(dir.resolve("current"), Path.of("releases/v2"));
    assertThat(send(List.of("current/app.jar"), "").keySet())
        .containsExactly(
            "Dockerfile", "current", "releases/", "releases/v2/", "releases/v2/app.jar");
  }

  @Test
  void globstarSourcesMatchAtAnyDepth() throws Exception {
    file("Dockerfile");
    file("a/b/c/x.txt");
    file("a/y.txt");
    file("a/z.bin");
    assertThat(send(List.of("a/**/*.txt"), "").keySet())
        .containsExactly("Dockerfile", "a/", "a/b/", "a/b/c/", "a/b/c/x.txt", "a/y.txt");
  }

  @Test
  void decisions() throws Exception {
    ContextSelection s = ContextSelection.only(List.of("src/*/main", "Makefile"));
    assertThat(s.decide("src", true)).isEqualTo(ContextSelection.Decision.DESCEND);
    assertThat(s.decide("src/x", true)).isEqualTo(ContextSelection.Decision.DESCEND);
    assertThat(s.decide("src/x/main", true)).isEqualTo(ContextSelection.Decision.INCLUDE);
    assertThat(s.decide("src/x/main/deep/file", false))
        .isEqualTo(ContextSelection.Decision.INCLUDE);
    assertThat(s.decide("src/x/test", true)).isEqualTo(ContextSelection.Decision.SKIP);
    assertThat(s.decide("src/file", false)).isEqualTo(ContextSelection.Decision.SKIP);
    assertThat(s.decide("Makefile", false)).isEqualTo(ContextSelection.Decision.INCLUDE);
    assertThat(s.decide("docs", true)).isEqualTo(ContextSelection.Decision.SKIP);
  }
}
