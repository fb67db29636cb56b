package dev.dmsb.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Java example of the README's Testcontainers section is the code of a class that is compiled
 * and run, line for line: {@link UseFromTestcontainersIT} here, and the example project's classes,
 * which {@code ExampleProjectIT} builds as a user's project.
 */
class ReadmeExampleTest {
  private static final String EXAMPLE = "../examples/testcontainers/src/test/java/com/example/app/";

  /** The section's {@code java} blocks, in order, and the file each one is. */
  private static final List<String> SOURCES =
      List.of(
          EXAMPLE + "AppImageTest.java",
          "src/test/java/dev/dmsb/it/docs/UseFromTestcontainersIT.java",
          EXAMPLE + "BuildPlanTest.java");

  @Test
  void readmeShowsTheCodeThatRuns() throws Exception {
    List<String> blocks = javaBlocks(section());
    assertThat(blocks).as("java blocks of the section").hasSameSizeAs(SOURCES);
    for (int i = 0; i < SOURCES.size(); i++) {
      List<String> runs = codeLines(Files.readString(Path.of(SOURCES.get(i))));
      assertThat(codeLines(blocks.get(i)))
          .as("README block %d against %s", i + 1, SOURCES.get(i))
          .isNotEmpty()
          .isEqualTo(runs);
    }
  }

  @Test
  void theStaticContainerIdiomIsShown() throws Exception {
    String first = javaBlocks(section()).get(0);
    assertThat(first)
        .contains("static final ImageFromDmsb image")
        .contains("@Container\n  static GenericContainer<?> app =")
        .contains("new GenericContainer<>(image)");
  }

  private static String section() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("## Use from Testcontainers");
    assertThat(start).as("README section 'Use from Testcontainers'").isNotNegative();
    int end = readme.indexOf("\n## ", start + 3);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static List<String> javaBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    for (int at = text.indexOf("```java\n"); at >= 0; at = text.indexOf("```java\n", at)) {
      int end = text.indexOf("```\n", at + 8);
      blocks.add(text.substring(at + 8, end));
      at = end + 4;
    }
    return blocks;
  }

  /** The lines that matter: no package line, no line comments, no blank lines. */
  private static List<String> codeLines(String java) {
    return java.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("package ") && !l.startsWith("//"))
        .toList();
  }
}
