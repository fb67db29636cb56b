package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rules.md} is the rules' own documentation ({@link Rules#all()}), so that a rule id in
 * a finding can be looked up; this test keeps the page equal to it. After changing a rule, write
 * the page anew with {@code ./mvnw -B -pl core test -Dtest=RulesDocTest -Ddmsb.docs.write=true}.
 */
class RulesDocTest {
  static final Path PAGE = Path.of("../docs/rules.md");

  static String page() {
    StringBuilder s = new StringBuilder();
    s.append("# dmsb lint rules\n\n");
    s.append(
        "Every rule that `dmsb lint` checks, and `dmsb build` checks before it sends anything, in"
            + " the order of this page. A finding names its rule id, and `--format sarif` carries"
            + " the same text. The severities are the defaults: the builder's semantics"
            + " (`--builder buildkit|legacy|buildah`; Buildah's when Podman builds) raise or lower"
            + " some findings.\n\n");
    s.append("| rule | default severity | what it finds |\n|---|---|---|\n");
    for (Rule r : Rules.all()) {
      s.append("| [").append(r.id()).append("](#").append(r.id().toLowerCase(Locale.ROOT));
      s.append(") | ").append(r.severity().name().toLowerCase(Locale.ROOT)).append(" | ");
      s.append(r.title()).append(" |\n");
    }
    for (Rule r : Rules.all()) {
      s.append("\n<a id=\"").append(r.id().toLowerCase(Locale.ROOT)).append("\"></a>\n\n");
      s.append(r.bad().isEmpty() ? docWithoutExamples(r) : r.doc());
    }
    return s.toString();
  }

  private static String docWithoutExamples(Rule r) {
    return "## " + r.id() + ": " + r.title() + "\n\n" + r.description() + "\n";
  }

  @Test
  void thePageSaysWhatTheRulesSay() throws Exception {
    if (Boolean.getBoolean("dmsb.docs.write")) {
      Files.writeString(PAGE, page(), StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as(
            "docs/rules.md differs from the rules; write it anew with ./mvnw -B -pl core test"
                + " -Dtest=RulesDocTest -Ddmsb.docs.write=true")
        .isEqualTo(page());
  }

  @Test
  void everyRuleButTheInternalOneHasABadAndAGoodExample() {
    assertThat(Rules.all())
        .filteredOn(r -> r != Rules.INTERNAL_ERROR)
        .allSatisfy(
            r -> {
              assertThat(r.bad()).as(r.id()).isNotBlank();
              assertThat(r.good()).as(r.id()).isNotBlank().isNotEqualTo(r.bad());
            });
  }
}
