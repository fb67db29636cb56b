package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8OrderTest {

  @Test
  void ordersByUtf8BytesAsGoDoesNotByUtf16Units() {
    String replacement = "\uFFFD"; // EF BF BD
    String emoji = "\uD83D\uDE00"; // F0 9F 98 80, but a surrogate (D83D) before FFFD in UTF-16
    assertThat(emoji.compareTo(replacement)).isNegative();
    List<String> names = new ArrayList<>(List.of(emoji, replacement, "b", "a-b", "a", "B"));
    names.sort(Utf8Order.NAMES);
    assertThat(names).containsExactly("B", "a", "a-b", "b", replacement, emoji);
  }

  @Test
  void aPrefixComesFirst() {
    assertThat(Utf8Order.compare("a", "a.txt")).isNegative();
    assertThat(Utf8Order.compare("same", "same")).isZero();
  }
}
