package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesAndGlobsTest {

  @ParameterizedTest
  @CsvSource({
    "2048,2048",
    "10MB,10000000",
    "10mb,10000000",
    "512kB,512000",
    "1.5GiB,1610612736",
    "3M,3000000",
    "1KiB,1024",
    "7B,7"
  })
  void parsesSizes(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @Test
  void rejectsWhatIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("ten")).hasMessageContaining("10MB");
    assertThatThrownBy(() -> ByteSize.parse("5iB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteSize.parse("-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0,0B", "6,6B", "300007,300kB", "1982262,1.98MB", "2282275,2.28MB"})
  void formatsLikeDockerHistory(long bytes, String shown) {
    assertThat(ByteSize.format(bytes)).isEqualTo(shown);
  }

  @ParameterizedTest
  @CsvSource({
    "*.pem,/etc/ssl/a.pem,true",
    "*.pem,/etc/ssl/a.pem.txt,false",
    "/root/.ssh,/root/.ssh/id_rsa,true",
    "/root/.ssh,/home/root/.ssh/id_rsa,false",
    ".ssh,/home/u/.ssh/id_rsa,true",
    "/src/**,/src/a/b/c.go,true",
    "/src/*.go,/src/a/b.go,false",
    "/src/**/*.go,/src/a/b.go,true",
    "/src/**/*.go,/src/b.go,true",
    "*secret?.txt,/x/secret1.txt,true",
    "/[ab]in/sh,/bin/sh,true",
    "/[!ab]in/sh,/bin/sh,false"
  })
  void globs(String glob, String path, boolean matches) {
    assertThat(Glob.compile(glob).matches(path)).isEqualTo(matches);
  }
}
