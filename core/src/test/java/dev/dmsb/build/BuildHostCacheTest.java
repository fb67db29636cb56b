package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker engine's /build takes inline cache and cache images, and says no to the rest. */
class BuildHostCacheTest {
  @TempDir Path dir;
  final FakeEngine engine = new FakeEngine();

  private BuildSpec spec(BuildCache cache) throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\n");
    engine.localImages = java.util.Set.of("dmsb/busybox:latest");
    return BuildSpec.of(dir, dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\n")
        .withCache(cache);
  }

  @Test
  void inlineIsTheInlineCacheBuildArgAndRegistryImportsStay() throws Exception {
    BuildCache cache =
        new BuildCache(
            List.of(new BuildCache.Entry("registry", Map.of("ref", "r/app:1"))),
            List.of(new BuildCache.Entry("inline", Map.of())));
    new ImageBuild(engine).build(spec(cache), p -> {});
    assertThat(engine.request.buildArgs()).containsEntry("BUILDKIT_INLINE_CACHE", "1");
    assertThat(engine.request.cache().exports()).isEmpty();
    assertThat(engine.request.cache().imports()).isEqualTo(cache.imports());
  }

  @Test
  void registryExportIsRefusedSayingWhereItWorks() throws Exception {
    BuildCache cache =
        new BuildCache(
            List.of(), List.of(new BuildCache.Entry("registry", Map.of("ref", "r/app:c"))));
    assertThatThrownBy(() -> new ImageBuild(engine).build(spec(cache), p -> {}))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("exports only inline cache")
        .hasMessageContaining("--buildkit-host");
    assertThat(engine.request).isNull();
  }
}
