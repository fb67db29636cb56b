package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoFileModeTest {

  @Test
  void posixTypesAndSpecialBitsMoveToGosHighBits() {
    assertThat(GoFileMode.fromPosix(0040755)).isEqualTo(0x800001ED);
    assertThat(GoFileMode.fromPosix(0100644)).isEqualTo(0x1A4);
    assertThat(GoFileMode.fromPosix(0120777)).isEqualTo(0x080001FF);
    assertThat(GoFileMode.fromPosix(0104755)).isEqualTo(0x00800000 | 0755);
    assertThat(GoFileMode.fromPosix(0102755)).isEqualTo(0x00400000 | 0755);
    assertThat(GoFileMode.fromPosix(0041777)).isEqualTo(0x80000000 | 0x00100000 | 0777);
    assertThat(GoFileMode.fromPosix(0020666)).isEqualTo(0x04000000 | 0x00200000 | 0666);
  }

  @Test
  void onlyRegularFilesHaveContentToAskFor() {
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0100600))).isTrue();
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0104755))).isTrue();
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0040755))).isFalse();
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0120777))).isFalse();
  }
}
