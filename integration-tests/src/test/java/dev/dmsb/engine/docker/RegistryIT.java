package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.it.TestEngine;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pull and registry digest through the engine, against the local registry on 127.0.0.1:5000
 * (skipped when it is not running). The image is pushed there by whoever set up the registry; this
 * test only reads it.
 */
@Tag(TestEngine.TAG)
class RegistryIT {
  static final String REGISTRY = "127.0.0.1:5000";
  static final String IMAGE = REGISTRY + "/dmsb/busybox:latest";
  static DockerEngine engine;

  @BeforeAll
  static void connect() throws Exception {
    engine = DockerEngine.connect(EngineEndpoint.plain(TestEngine.host(), "test"));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static boolean registryHasTheImage() {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://" + REGISTRY + "/v2/dmsb/busybox/manifests/latest")
                  .toURL()
                  .openConnection();
      c.setConnectTimeout(1000);
      c.setRequestMethod("HEAD");
      c.setRequestProperty("Accept", "application/vnd.docker.distribution.manifest.v2+json");
      return c.getResponseCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void digestAndPullFromTheLocalRegistry() throws Exception {
    TestEngine.assumeNotPodman("it has no GET /distribution/{name}/json");
    assumeTrue(registryHasTheImage(), "no registry with dmsb/busybox on " + REGISTRY);
    String digest = engine.distributionDigest(IMAGE, null);
    assertThat(digest).matches("sha256:[0-9a-f]{64}");

    List<BuildEvent> events = new ArrayList<>();
    engine.pull(IMAGE, null, events::add);
    assertThat(events)
        .filteredOn(e -> e instanceof BuildEvent.Status)
        .extracting(e -> ((BuildEvent.Status) e).status())
        .anyMatch(s -> s.contains(digest) || s.contains("up to date") || s.contains("Downloaded"));
    assertThat(engine.inspect(IMAGE).repoDigests()).anyMatch(d -> d.endsWith(digest));
  }

  @Test
  void aMissingTagIsNotFoundNamingTheRegistry() {
    assumeTrue(registryHasTheImage(), "no registry with dmsb/busybox on " + REGISTRY);
    String missing =
        REGISTRY + "/dmsb/busybox:missing-" + UUID.randomUUID().toString().substring(0, 8);
    assertThatThrownBy(() -> engine.pull(missing, null, e -> {}))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining(REGISTRY);
    assertThatThrownBy(() -> engine.distributionDigest(missing, null))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining(REGISTRY);
  }
}
