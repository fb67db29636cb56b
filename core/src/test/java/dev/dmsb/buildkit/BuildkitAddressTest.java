package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** BuildkitAddress's written-out equality: the address and every piece of TLS material. */
class BuildkitAddressTest {
  private static BuildkitAddress.Tls tls(String ca, String name) {
    return new BuildkitAddress.Tls(
        Path.of(ca), Path.of("/c/cert.pem"), Path.of("/c/key.pem"), name);
  }

  @Test
  void equalWhenTheAddressAndTheTlsMaterialAre() {
    BuildkitAddress a = new BuildkitAddress("tcp://b:1234", tls("/c/ca.pem", "b"));
    BuildkitAddress b = new BuildkitAddress("tcp://b:1234", tls("/c/ca.pem", "b"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(new BuildkitAddress("unix:///x.sock", null))
        .isEqualTo(new BuildkitAddress("unix:///x.sock", null))
        .hasSameHashCodeAs(new BuildkitAddress("unix:///x.sock", null));
  }

  @Test
  void differentWhenAnyPartDiffers() {
    BuildkitAddress a = new BuildkitAddress("tcp://b:1234", tls("/c/ca.pem", "b"));
    assertThat(a)
        .isNotEqualTo(new BuildkitAddress("tcp://b:1235", tls("/c/ca.pem", "b")))
        .isNotEqualTo(new BuildkitAddress("tcp://b:1234", tls("/c/other.pem", "b")))
        .isNotEqualTo(new BuildkitAddress("tcp://b:1234", tls("/c/ca.pem", "c")))
        .isNotEqualTo(new BuildkitAddress("tcp://b:1234", null))
        .isNotEqualTo("tcp://b:1234");
    assertThat(tls("/c/ca.pem", "b"))
        .isNotEqualTo(new BuildkitAddress.Tls(Path.of("/c/ca.pem"), null, null, "b"));
  }
}
