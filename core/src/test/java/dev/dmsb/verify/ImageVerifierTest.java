package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageVerifierTest {

  private static VerifyReport verify(String sample, String builder, ExpectedChain chain)
      throws Exception {
    FakeEngine engine = Samples.engineWith(sample, builder);
    VerifyRequest request = VerifyRequest.of(Samples.image(sample, builder));
    return ImageVerifier.verify(engine, chain == null ? request : request.withExpected(chain));
  }

  @ParameterizedTest
  @ValueSource(strings = {"buildkit", "legacy"})
  void countsFilesystemLayersBaseIncluded(String builder) throws Exception {
    FakeEngine engine = Samples.engineWith("named", builder);
    VerifyRequest request = VerifyRequest.of(Samples.image("named", builder));

    VerifyReport right = ImageVerifier.verify(engine, request.withExpectedLayers(3));
    VerifyReport wrong = ImageVerifier.verify(engine, request.withExpectedLayers(2));

    assertThat(right.passed()).isTrue();
    assertThat(right.totals().layers()).isEqualTo(3);
    assertThat(wrong.passed()).isFalse();
    assertThat(wrong.checks())
        .singleElement()
        .satisfies(c -> assertThat(c.message()).isEqualTo("expected 2 layers, found 3"));
    assertThat(engine.exported).as("history alone told the layers apart").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"buildkit", "legacy"})
  void attributesBaseAndFinalStageOfTheReferenceKinds(String builder) throws Exception {
    for (var c :
        List.<Object[]>of(
            new Object[] {"named", (Supplier<ExpectedChain>) Chains::named, 4},
            new Object[] {"index", (Supplier<ExpectedChain>) Chains::index, 4},
            new Object[] {"stagebase", (Supplier<ExpectedChain>) Chains::stageBase, 6})) {
      @SuppressWarnings("unchecked")
      ExpectedChain chain = ((Supplier<ExpectedChain>) c[1]).get();
      VerifyReport report = verify((String) c[0], builder, chain);

      assertThat(report.passed()).as(c[0] + " " + report.findings()).isTrue();
      assertThat(report.rows())
          .extracting(HistoryRow::stage)
          .containsExactly(
              "base dmsb/busybox:latest", "base dmsb/busybox:latest", chain.finalStage());
      assertThat(report.rows().get(2).line()).isEqualTo(c[2]);
      assertThat(report.rows().get(2).digest())
          .hasValue(Samples.details(c[0] + "/" + builder + "-inspect.json").layers().get(2));
      assertThat(report.totals().baseLayers()).isEqualTo(2);
      assertThat(report.totals().layersByStage()).containsEntry(chain.finalStage(), 1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"buildkit", "legacy"})
  void attributesMetadataInstructionsToTheirLines(String builder) throws Exception {
    VerifyReport report = verify("attrib", builder, Chains.attrib());

    assertThat(report.passed()).as(report.findings().toString()).isTrue();
    List<HistoryRow> own = report.rows().subList(2, report.rows().size());
    assertThat(own).extracting(HistoryRow::line).containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13);
    assertThat(own)
        .extracting(HistoryRow::emptyLayer)
        .containsExactly(true, false, true, true, false, false, true, true, true);
    assertThat(own).extracting(HistoryRow::verdict).containsOnly(Verdict.OK);
    assertThat(report.totals().layersByStage()).containsEntry("1", 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"buildkit", "legacy"})
  void namesTheShippedBuilderWithItsBytes(String builder) throws Exception {
    FakeEngine engine = Samples.engineWith("shipped", builder);
    VerifyRequest request =
        VerifyRequest.of(Samples.image("shipped", builder)).withExpected(Chains.shipped());

    VerifyReport lenient = ImageVerifier.verify(engine, request);
    VerifyReport strict = ImageVerifier.verify(engine, request.withStrict(true));

    Finding shipped =
        lenient.findings().stream()
            .filter(f -> f.rule().equals("builder-shipped"))
            .findFirst()
            .orElseThrow();
    assertThat(shipped.severity()).isEqualTo(Severity.WARNING);
    assertThat(shipped.message()).contains("stage 'builder'", "2 layers", "300kB");
    assertThat(shipped.evidence()).extracting(Evidence::line).containsExactly(2, 3);
    assertThat(shipped.evidence()).extracting(Evidence::size).containsExactly(300007L, 6L);
    assertThat(lenient.passed()).isTrue();
    assertThat(strict.passed()).isFalse();
    assertThat(lenient.rows())
        .extracting(HistoryRow::verdict)
        .containsExactly(
            Verdict.OK, Verdict.OK, Verdict.SHIPPED, Verdict.SHIPPED, Verdict.OK, Verdict.OK);
    assertThat(lenient.totals().bytesByStage()).containsEntry("builder", 300013L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"buildkit", "legacy"})
  void failsAgainstAnotherDockerfile(String builder) throws Exception {
    VerifyReport report = verify("shipped", builder, Chains.attrib());

    assertThat(report.passed()).isFalse();
    assertThat(report.findings())
        .extracting(Finding::rule)
        .contains("foreign-layer", "missing-step");
    Finding foreign =
        report.findings().stream()
            .filter(f -> f.rule().equals("foreign-layer"))
            .findFirst()
            .orElseThrow();
    assertThat(foreign.message()).contains("not from this Dockerfile's final stage");
    assertThat(foreign.evidence().get(0).digest()).startsWith("sha256:");
    assertThat(foreign.evidence().get(0).size()).isEqualTo(300007L);
  }

  @Test
  void recognisesLegacyBuildApiLabels() throws Exception {
    VerifyReport report = verify("apilabel", "legacy", Chains.named());

    assertThat(report.passed()).as(report.findings().toString()).isTrue();
    assertThat(report.rows())
        .extracting(HistoryRow::stage)
        .containsExactly(
            "base dmsb/busybox:latest",
            "base dmsb/busybox:latest",
            "1",
            "build label",
            "build label");
  }

  @Test
  void aDifferentBaseIsABaseMismatch() throws Exception {
    ExpectedChain onScratch =
        new ExpectedChain(java.util.Optional.empty(), List.of("1"), Chains.named().steps());
    VerifyReport report = verify("named", "buildkit", onScratch);

    assertThat(report.passed()).isFalse();
    assertThat(report.rows())
        .extracting(HistoryRow::verdict)
        .containsExactly(Verdict.FOREIGN, Verdict.FOREIGN, Verdict.OK);
  }

  @Test
  void withoutADockerfileRowsAreUnchecked() throws Exception {
    VerifyReport report = verify("named", "legacy", null);

    assertThat(report.passed()).isTrue();
    assertThat(report.checks()).isEmpty();
    assertThat(report.rows()).extracting(HistoryRow::verdict).containsOnly(Verdict.UNCHECKED);
    assertThat(report.rows())
        .extracting(HistoryRow::instruction)
        .containsExactly(
            "COPY busybox /bin/busybox",
            "RUN /bin/busybox --install -s /bin",
            "COPY file:9552f87861ac in /opt/");
  }

  @Test
  void maxSize() throws Exception {
    FakeEngine engine = Samples.engineWith("named", "buildkit");
    VerifyRequest request = VerifyRequest.of(Samples.image("named", "buildkit"));

    assertThat(ImageVerifier.verify(engine, request.withMaxSize(ByteSize.parse("2MB"))).passed())
        .isTrue();
    VerifyReport tooBig =
        ImageVerifier.verify(engine, request.withMaxSize(ByteSize.parse("1.5MiB")));
    assertThat(tooBig.passed()).isFalse();
    assertThat(tooBig.checks().get(0).message()).contains("exceeds");
  }

  @Test
  void missingImageAndDownEngineAreExceptions() {
    FakeEngine engine = Samples.engineWith("named", "buildkit");
    assertThatThrownBy(() -> ImageVerifier.verify(engine, VerifyRequest.of("nope:1")))
        .isInstanceOf(ImageNotFoundException.class);
    engine.down = true;
    assertThatThrownBy(
            () ->
                ImageVerifier.verify(engine, VerifyRequest.of(Samples.image("named", "buildkit"))))
        .isInstanceOf(EngineUnreachableException.class);
  }

  @Test
  void aMissingBaseImageSaysWhatToDo() {
    FakeEngine engine =
        new FakeEngine()
            .add(
                "img",
                Samples.details("named/buildkit-inspect.json"),
                Samples.history("named/buildkit-history.json"));
    assertThatThrownBy(
            () ->
                ImageVerifier.verify(engine, VerifyRequest.of("img").withExpected(Chains.named())))
        .isInstanceOf(VerifyException.class)
        .hasMessageContaining("dmsb/busybox:latest is not in the engine");
  }

  /** The same engine read as an archive or a layout is: not the daemon. */
  private static dev.dmsb.image.ImageSource notTheDaemon(FakeEngine engine) {
    dev.dmsb.image.ImageSource daemon = new dev.dmsb.daemon.DaemonImageSource(engine);
    return (dev.dmsb.image.ImageSource)
        java.lang.reflect.Proxy.newProxyInstance(
            ImageVerifierTest.class.getClassLoader(),
            new Class<?>[] {dev.dmsb.image.ImageSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("address")) {
                return "docker-archive app.tar";
              }
              try {
                return method.invoke(daemon, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void aBaseMissingFromAnArchiveLeavesItUncheckedAndTheRestChecked() throws Exception {
    FakeEngine engine =
        new FakeEngine()
            .add(
                "img",
                Samples.details("named/buildkit-inspect.json"),
                Samples.history("named/buildkit-history.json"));
    int rows = Samples.history("named/buildkit-history.json").size();
    VerifyReport report =
        ImageVerifier.verify(
            notTheDaemon(engine),
            VerifyRequest.of("img").withExpected(Chains.named()),
            dev.dmsb.engine.Cancellation.create());
    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.checks()).extracting(Check::name).doesNotContain("base-prefix");
    assertThat(report.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.rule()).isEqualTo("base-not-checked");
              assertThat(f.message())
                  .contains("base image dmsb/busybox:latest could not be read (")
                  .contains("lowest " + (rows - 1) + " history entries");
            });
    assertThat(report.rows().get(rows - 1).attribution())
        .isInstanceOf(Attribution.Instruction.class);
    assertThat(report.rows().get(0).attribution()).isInstanceOf(Attribution.NotChecked.class);

    // a chain that does not explain the top entry: it stays unaccounted and fails the check
    ExpectedChain other =
        Chains.fromBusybox(List.of("1"), Chains.step("1", 4, "COPY", "/elsewhere /opt/"));
    VerifyReport leaky =
        ImageVerifier.verify(
            notTheDaemon(engine),
            VerifyRequest.of("img").withExpected(other),
            dev.dmsb.engine.Cancellation.create());
    assertThat(leaky.passed()).isFalse();
  }
}
