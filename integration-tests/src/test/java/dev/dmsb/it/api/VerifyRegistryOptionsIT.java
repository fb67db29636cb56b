package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbException;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.api.VerifyResult;
import dev.dmsb.it.TestEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Dmsb.verify("docker://...")} with {@code dmsb verify}'s registry options against the
 * htpasswd registry of {@code scripts/engine.sh up} (127.0.0.1:5001, test-only user {@code dmsb}):
 * refused without credentials, read with {@code creds(...)} or an {@code authFile(...)}, refused
 * with a wrong password.
 */
@Tag(TestEngine.TAG)
class VerifyRegistryOptionsIT {
  private static final String IMAGE = "docker://127.0.0.1:5001/dmsb/busybox:latest";

  @TempDir Path dir;

  @Test
  void credentialsComeFromCredsOrAnAuthFile() throws Exception {
    assertThatThrownBy(() -> Dmsb.verify(IMAGE).verify())
        .isInstanceOf(DmsbException.class)
        .hasMessageContaining("127.0.0.1:5001");

    VerifyResult withCreds =
        Dmsb.verify(IMAGE)
            .creds("dmsb:dmsb-secret")
            .expect(VerifyExpectations.none().layers(2))
            .verify();
    assertThat(withCreds.passed()).as(withCreds.report()).isTrue();

    String auth =
        Base64.getEncoder().encodeToString("dmsb:dmsb-secret".getBytes(StandardCharsets.UTF_8));
    Path file =
        Files.writeString(
            dir.resolve("auth.json"),
            "{\"auths\":{\"127.0.0.1:5001\":{\"auth\":\"" + auth + "\"}}}");
    VerifyResult withFile =
        Dmsb.verify(IMAGE).authFile(file).expect(VerifyExpectations.none().layers(3)).verify();
    assertThat(withFile.passed()).as("3 layers expected of 2").isFalse();
    assertThat(withFile.report()).contains("expected 3");

    assertThatThrownBy(() -> Dmsb.verify(IMAGE).creds("dmsb:wrong-Pa55word").verify())
        .isInstanceOf(DmsbException.class)
        .hasMessageContaining("127.0.0.1:5001")
        .hasMessageNotContaining("wrong-Pa55word");
  }
}
