package dev.dmsb.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's Testcontainers example is the code of {@link UseFromTestcontainersIT}, line for
 * line.
 */
class ReadmeExampleTest {

  @Test
  void readmeShowsTheCodeThatRuns() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int section = readme.indexOf("## Use from Testcontainers");
    assertThat(section).as("README section 'Use from Testcontainers'").isNotNegative();
    int start = readme.indexOf("```java\n", section);
    int end = readme.indexOf("```\n", start + 8);
    List<String> shown = codeLines(readme.substring(start + 8, end));

    String source =
        Files.readString(Path.of("src/test/java/dev/dmsb/it/docs/UseFromTestcontainersIT.java"));
    List<String> runs = codeLines(source);

    assertThat(shown).isNotEmpty().isEqualTo(runs);
  }

  /** The lines that matter: no package line, no line comments, no blank lines. */
  private static List<String> codeLines(String java) {
    return java.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("package ") && !l.startsWith("//"))
        .toList();
  }
}
