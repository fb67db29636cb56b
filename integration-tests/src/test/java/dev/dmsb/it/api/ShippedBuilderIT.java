package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.api.BuildBackend;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.api.LayerVerdict;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.api.VerifyResult;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failing check shows why: the final stage of {@code shipped/Dockerfile} is built {@code FROM
 * builder}, so the builder's 3 MB toolchain ships; the assertion fails and its message names the
 * builder's layers with their Dockerfile lines, above the attributed history table.
 */
@Tag(TestEngine.TAG)
class ShippedBuilderIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  private static final Path CONTEXT = Seed.locate("integration-tests/src/test/resources/shipped");
  private static DmsbEngine engine;

  @BeforeAll
  static void engine() throws Exception {
    engine = DmsbEngine.fromEnvironment();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = BuildBackend.class,
      names = {"BUILDKIT", "LEGACY"})
  void assertionNamesTheBuildersLayers(BuildBackend builder) throws Exception {
    TestEngine.assumeBuilder(builder == BuildBackend.BUILDKIT);
    BuiltImage image =
        Dmsb.build(CONTEXT)
            .backend(builder)
            .tag(SUPPORT.imageName("api-shipped-" + builder.name().toLowerCase(Locale.ROOT)))
            .noCache()
            .expect(VerifyExpectations.none().strict())
            .engine(engine)
            .build();
    try {
      VerifyResult result = image.verification().orElseThrow();
      assertThat(result.passed()).isFalse();
      assertThat(result.layers(LayerVerdict.SHIPPED))
          .extracting(h -> h.stage() + ":" + h.line())
          .contains("builder:4", "builder:5");

      assertThatThrownBy(() -> ImageAssertions.assertThat(result).keptOnlyFinalStage())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("to keep only its final stage 'stage-1'")
          .hasMessageContaining("it ships stage 'builder'")
          .hasMessageContaining("builder Dockerfile:4 RUN mkdir -p /toolchain")
          .hasMessageContaining("builder Dockerfile:5 RUN mkdir -p /opt/app/bin")
          .hasMessageContaining("History, oldest first:")
          .hasMessageContaining("#  STAGE")
          .hasMessageContaining("shipped");
      assertThatThrownBy(() -> ImageAssertions.assertThat(result).sizeAtMost("3MB"))
          .hasMessageContaining("to be at most 3MB")
          .hasMessageContaining("Dockerfile:4");
      assertThatThrownBy(() -> ImageAssertions.assertThat(result).doesNotContain("/toolchain"))
          .hasMessageContaining(
              "/toolchain/compiler.bin (3MB, written by layer 3: builder Dockerfile:4");
      // the parts that hold still pass
      ImageAssertions.assertThat(result).contains("/opt/app/bin/hello").hasLayerCount(4);
    } finally {
      Leftovers.removeAndCheck(engine, image);
    }
  }
}
