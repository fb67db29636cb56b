package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.dockerfile.rewrite.DigestUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which RepoDigest {@code --pin=local} takes. */
class EngineDigestsTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  @Test
  void theRepositorysOneDigestIsTakenWhateverOtherNamesSay() throws Exception {
    assertThat(
            EngineDigests.localDigest(
                List.of("other.example/x@" + B, "127.0.0.1:5000/dmsb/busybox@" + A),
                "127.0.0.1:5000/dmsb/busybox"))
        .isEqualTo(A);
    // the same digest under two spellings of the repository is one digest
    assertThat(
            EngineDigests.localDigest(
                List.of("docker.io/library/busybox@" + A, "busybox@" + A), "busybox"))
        .isEqualTo(A);
  }

  /** Podman lists every manifest digest it has known the image by, in no telling order. */
  @Test
  void twoDigestsForTheRepositoryAreNotGuessedBetween() {
    assertThatThrownBy(
            () ->
                EngineDigests.localDigest(
                    List.of(
                        "127.0.0.1:5000/dmsb/busybox@" + B,
                        "127.0.0.1:5000/dmsb/busybox@" + A,
                        "localhost/dmsb/busybox@" + B),
                    "127.0.0.1:5000/dmsb/busybox"))
        .isInstanceOf(DigestUnavailableException.class)
        .hasMessageContaining("2 digests for 127.0.0.1:5000/dmsb/busybox (" + B + ", " + A + ")")
        .hasMessageContaining("use --pin=registry");
  }

  @Test
  void noDigestForTheRepositorySaysWhatThereIs() {
    assertThatThrownBy(() -> EngineDigests.localDigest(List.of(), "app"))
        .hasMessageContaining("never pushed or pulled");
    assertThatThrownBy(() -> EngineDigests.localDigest(List.of("other@" + A), "app"))
        .hasMessageContaining("it has other@" + A);
  }
}
