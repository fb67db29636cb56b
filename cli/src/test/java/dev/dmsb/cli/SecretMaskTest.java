package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
  static final Map<String, String> ARGS =
      Map.of(
          "API_TOKEN", "tok-123456",
          "db_password", "hunter2hunter2",
          "MySecretKey", "k-0099",
          "VERSION", "1.2.3",
          "short_token", "ab");

  @Test
  void secretNamesAnyCase() {
    assertThat(SecretMask.isSecretName("API_TOKEN")).isTrue();
    assertThat(SecretMask.isSecretName("db_password")).isTrue();
    assertThat(SecretMask.isSecretName("MySecretKey")).isTrue();
    assertThat(SecretMask.isSecretName("VERSION")).isFalse();
    assertThat(SecretMask.isSecretName("PASSWD")).isFalse();
  }

  @Test
  void masksSecretValuesAndLeavesTheRest() {
    SecretMask mask = SecretMask.of(ARGS);
    assertThat(mask.apply("t=tok-123456 p=hunter2hunter2 k=k-0099 v=1.2.3 s=ab"))
        .isEqualTo("t=**** p=**** k=**** v=1.2.3 s=ab");
  }

  @Test
  void aValueSplitAcrossWritesIsStillMasked() {
    StringWriter sink = new StringWriter();
    PrintWriter w = SecretMask.of(ARGS).wrap(new PrintWriter(sink));
    w.print("#5 0.3 t=tok-12");
    w.print("3456 and {\"log\":\"hunter2");
    w.println("hunter2\"}");
    w.print("tail k-0099");
    assertThat(sink.toString()).doesNotContain("tail"); // held until a line ends or a flush
    w.flush();
    assertThat(sink.toString())
        .isEqualTo("#5 0.3 t=**** and {\"log\":\"****\"}" + System.lineSeparator() + "tail ****");
  }

  @Test
  void nothingToHideLeavesTheWriterAsItIs() {
    PrintWriter w = new PrintWriter(new StringWriter());
    assertThat(SecretMask.of(Map.of("VERSION", "1.0")).wrap(w)).isSameAs(w);
  }
}
