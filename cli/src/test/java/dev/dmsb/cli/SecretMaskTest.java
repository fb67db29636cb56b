package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
  @Test
  void namesThatLookSecretAreMaskedInAnyCase() {
    SecretMask mask =
        SecretMask.of(
            Map.of(
                "GITHUB_TOKEN", "ghp_abc",
                "db_password", "hunter2",
                "MySecretKey", "s3cr3t",
                "VERSION", "1.2.3"));
    assertThat(mask.apply("ghp_abc hunter2 s3cr3t 1.2.3")).isEqualTo("**** **** **** 1.2.3");
  }

  @Test
  void aValueInsideAnotherIsHiddenWhole() {
    SecretMask mask = SecretMask.of(Map.of("TOKEN", "abc", "TOKEN_LONG", "abcdef"));
    assertThat(mask.apply("x abcdef y abc")).isEqualTo("x **** y ****");
  }

  @Test
  void theWriterMasksValuesWrittenInPiecesAndPassesTheRest() {
    StringWriter sink = new StringWriter();
    PrintWriter out = SecretMask.of(Map.of("API_TOKEN", "topsecret")).wrap(new PrintWriter(sink));
    out.print("step 1: echo top");
    out.print("secret");
    out.println(" done");
    out.print("tail topsecret");
    out.flush();
    assertThat(sink.toString())
        .isEqualTo("step 1: echo **** done" + System.lineSeparator() + "tail ****");
  }

  @Test
  void nothingToHideGivesTheSameWriter() {
    PrintWriter out = new PrintWriter(new StringWriter());
    assertThat(SecretMask.of(Map.of("VERSION", "1", "TOKEN", "")).wrap(out)).isSameAs(out);
  }
}
