package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.SecretSource;
import dev.dmsb.engine.SshSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each wither changes its own components and keeps every other one. */
class BuildSpecTest {
  static final BuildCache CACHE =
      new BuildCache(
          List.of(new BuildCache.Entry("registry", Map.of("ref", "r/cache"))),
          List.of(new BuildCache.Entry("inline", Map.of())));
  static final BuildOutput OUT = new BuildOutput("local", Path.of("out"), Map.of());

  static BuildSpec full() {
    return BuildSpec.of(Path.of("ctx"), Path.of("ctx/Dockerfile"), "FROM scratch\n")
        .withTags(List.of("a:1"))
        .withLabels(Map.of("k", "v"))
        .withPlan(Optional.of(Set.of("src/")), List.of("base:1"))
        .withSecrets(List.of(new SecretSource("s", Path.of("secret.txt"), null)))
        .withOutput(OUT)
        .withCache(CACHE);
  }

  @Test
  void everyWitherKeepsWhatItDoesNotChange() {
    BuildSpec spec = full();
    assertThat(spec.tags()).containsExactly("a:1");
    assertThat(spec.labels()).containsEntry("k", "v");
    assertThat(spec.contextSources()).contains(Set.of("src/"));
    assertThat(spec.externalImages()).containsExactly("base:1");
    assertThat(spec.secrets()).hasSize(1);
    assertThat(spec.output()).isEqualTo(OUT);
    assertThat(spec.cache()).isEqualTo(CACHE);

    SshSource agent = new SshSource("default", List.of());
    BuildSpec withSsh = spec.withSsh(List.of(agent));
    assertThat(withSsh.ssh()).containsExactly(agent);
    assertThat(withSsh).isEqualTo(copyWithSsh(spec, List.of(agent)));

    BuildSpec retargeted = spec.forTarget("build", List.of("b:2"));
    assertThat(retargeted.target()).isEqualTo("build");
    assertThat(retargeted.tags()).containsExactly("b:2");
    assertThat(retargeted.cache()).isEqualTo(CACHE);
    assertThat(retargeted.output()).isEqualTo(OUT);
    assertThat(retargeted.withTags(List.of("a:1")).withSsh(List.of()))
        .isEqualTo(spec.forTarget("build", List.of("a:1")));
  }

  private static BuildSpec copyWithSsh(BuildSpec s, List<SshSource> ssh) {
    return new BuildSpec(
        s.context(),
        s.dockerfile(),
        s.dockerfileText(),
        s.tags(),
        s.target(),
        s.buildArgs(),
        s.labels(),
        s.noCache(),
        s.pull(),
        s.network(),
        s.platform(),
        s.builder(),
        s.contextSources(),
        s.externalImages(),
        s.credentials(),
        s.secrets(),
        ssh,
        s.output(),
        s.cache());
  }
}
