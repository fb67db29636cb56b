package dev.dmsb.it.api;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;

/**
 * The loopback registry on 127.0.0.1:5000 that {@code scripts/engine.sh up} starts, holding {@code
 * dmsb/busybox:latest} for the external-image reference kind. Pushes the image when it is missing.
 */
public final class LocalRegistry {
  static final String ADDRESS = "127.0.0.1:5000";
  static final String BUSYBOX = ADDRESS + "/dmsb/busybox:latest";

  private LocalRegistry() {}

  public static void ensureBusybox() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    int status;
    try {
      status =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + ADDRESS + "/v2/dmsb/busybox/manifests/latest"))
                      .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(
          "no registry answers on " + ADDRESS + "; start it with scripts/engine.sh up", e);
    }
    if (status == 200) {
      return;
    }
    DockerClient docker = DockerClientFactory.instance().client();
    docker.tagImageCmd("dmsb/busybox:latest", ADDRESS + "/dmsb/busybox", "latest").exec();
    docker.pushImageCmd(ADDRESS + "/dmsb/busybox").withTag("latest").start().awaitCompletion();
  }
}
