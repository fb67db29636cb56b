package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTagsTest {

  @Test
  void eachTagNamesItsTarget() {
    assertThat(TargetTags.of(List.of("a", "b"), List.of("a=r/a:1", "b=r/b:1", "a=r/a:latest")))
        .isEqualTo(Map.of("a", List.of("r/a:1", "r/a:latest"), "b", List.of("r/b:1")));
    assertThat(TargetTags.of(List.of("a", "b"), List.of()))
        .isEqualTo(Map.of("a", List.of(), "b", List.of()));
  }

  @Test
  void aBareTagOrAnUnknownTargetIsAUsageError() {
    assertThatThrownBy(() -> TargetTags.of(List.of("a", "b"), List.of("r/a:1")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("TARGET=REF, e.g. -t a=r/a:1");
    assertThatThrownBy(() -> TargetTags.of(List.of("a", "b"), List.of("c=r/c:1")))
        .hasMessageContaining("c is not one of the targets a, b");
    assertThatThrownBy(() -> TargetTags.of(List.of("a", "a"), List.of()))
        .hasMessageContaining("given twice");
  }
}
