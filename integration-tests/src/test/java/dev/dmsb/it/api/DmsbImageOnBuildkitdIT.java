package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.ImageAssertions;
import dev.dmsb.api.VerifyResult;
import dev.dmsb.it.buildkit.Buildkitd;
import dev.dmsb.junit.DmsbImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @DmsbImage(buildkitHost = ..., registry = ...)} as its javadoc says: the image is built on
 * the standalone buildkitd, pushed to the registry under its unique {@code dmsb-junit/...} name,
 * and verified from there by the pushed digest; a wrong expectation fails the test that asserts on
 * it, with the verify report (the image's history) in the failure.
 */
@Tag(Buildkitd.TAG)
class DmsbImageOnBuildkitdIT {
  /**
   * The default address of {@code scripts/engine.sh up}'s buildkitd (annotations need constants).
   */
  static final String HOST = "unix:///tmp/dmsb-engine/buildkitd/buildkitd.sock";

  static final String CONTEXT = "src/test/resources/buildkitd-image";

  @BeforeAll
  static void daemon() {
    Buildkitd buildkitd = Buildkitd.require();
    Assumptions.assumeTrue(
        buildkitd.host().equals(HOST), "the samples name the buildkitd at " + HOST);
  }

  static class Pushed {
    static BuiltImage seen;

    @DmsbImage(
        context = CONTEXT,
        buildkitHost = HOST,
        registry = Buildkitd.REGISTRY,
        expectLayers = 3,
        forbid = "/work/**")
    static BuiltImage image;

    @Test
    void verified() {
      seen = image;
      ImageAssertions.assertThat(image).passed().keptOnlyFinalStage().contains("/app/out.txt");
    }
  }

  static class MoreTags {
    static BuiltImage seen;

    @DmsbImage(
        context = CONTEXT,
        buildkitHost = HOST,
        registry = Buildkitd.REGISTRY,
        tags = Buildkitd.REGISTRY + "/dmsb-junit/more-tags:extra",
        expectLayers = 3)
    static BuiltImage image;

    @Test
    void verified() {
      seen = image;
      ImageAssertions.assertThat(image).passed();
    }
  }

  static class WrongExpectation {
    @DmsbImage(
        context = CONTEXT,
        buildkitHost = HOST,
        registry = Buildkitd.REGISTRY,
        expectLayers = 5)
    static BuiltImage image;

    @Test
    void verified() {
      ImageAssertions.assertThat(image).passed();
    }
  }

  @Test
  void buildsOnTheDaemonPushesAndVerifiesFromTheRegistry() throws Exception {
    Pushed.seen = null;
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Pushed.class))
        .execute()
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
    BuiltImage image = Pushed.seen;
    String tag = image.tags().get(0);
    assertThat(tag).startsWith(Buildkitd.REGISTRY + "/dmsb-junit/pushed:");
    String repository = tag.substring(0, tag.lastIndexOf(':'));
    VerifyResult verified = image.verification().orElseThrow();
    assertThat(verified.image()).isEqualTo(repository + "@" + image.id());
    assertThat(verified.attributed()).isTrue();
    // pushed, and the image stays in the registry as the javadoc says
    assertThat(manifestStatus(repository, image.id())).isEqualTo(200);
  }

  @Test
  void moreTagsArePushedWithTheUniqueOneAndNameTheSameManifest() throws Exception {
    MoreTags.seen = null;
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(MoreTags.class))
        .execute()
        .testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
    BuiltImage image = MoreTags.seen;
    assertThat(image.tags())
        .anyMatch(t -> t.startsWith(Buildkitd.REGISTRY + "/dmsb-junit/moretags:"))
        .contains(Buildkitd.REGISTRY + "/dmsb-junit/more-tags:extra");
    // the extra tag names the manifest the unique one does, by its digest
    assertThat(manifestStatus(Buildkitd.REGISTRY + "/dmsb-junit/more-tags", image.id()))
        .isEqualTo(200);
    assertThat(manifestStatus(Buildkitd.REGISTRY + "/dmsb-junit/more-tags", "extra"))
        .isEqualTo(200);
    assertThat(manifestDigest(Buildkitd.REGISTRY + "/dmsb-junit/more-tags", "extra"))
        .isEqualTo(image.id());
  }

  @Test
  void aWrongExpectationFailsWithTheVerifyReport() {
    Events all =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(WrongExpectation.class))
            .execute()
            .allEvents();
    assertThat(all.failed().stream()).hasSize(1);
    String failure =
        all.failed().stream()
            .findFirst()
            .flatMap(e -> e.getPayload(TestExecutionResult.class))
            .flatMap(TestExecutionResult::getThrowable)
            .map(Throwable::getMessage)
            .orElseThrow();
    assertThat(failure)
        .contains("Expected image " + Buildkitd.REGISTRY + "/dmsb-junit/wrongexpectation@sha256:")
        .contains("check layer-count")
        .contains("History, oldest first:")
        .contains("expected 5 layers, found 3")
        .containsPattern("stage-1 +Dockerfile:5 +COPY /work/out.txt /app/out.txt");
  }

  private static int manifestStatus(String repository, String reference) throws Exception {
    return manifestHead(repository, reference).statusCode();
  }

  /** The registry's Docker-Content-Digest for the reference. */
  private static String manifestDigest(String repository, String reference) throws Exception {
    return manifestHead(repository, reference)
        .headers()
        .firstValue("Docker-Content-Digest")
        .orElse("");
  }

  private static HttpResponse<Void> manifestHead(String repository, String reference)
      throws Exception {
    int slash = repository.indexOf('/');
    URI uri =
        URI.create(
            "http://"
                + repository.substring(0, slash)
                + "/v2/"
                + repository.substring(slash + 1)
                + "/manifests/"
                + reference);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header(
                    "Accept",
                    "application/vnd.oci.image.manifest.v1+json,"
                        + "application/vnd.oci.image.index.v1+json,"
                        + "application/vnd.docker.distribution.manifest.v2+json")
                .build(),
            HttpResponse.BodyHandlers.discarding());
  }
}
