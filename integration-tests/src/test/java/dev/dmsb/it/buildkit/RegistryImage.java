package dev.dmsb.it.buildkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An image in a plain-HTTP test registry (127.0.0.1:5000, or 127.0.0.1:5001 with its basic auth),
 * read through the registry API by the tests themselves, not by dmsb: the manifest (an index is
 * resolved to its linux/amd64 image), the config, the layers and the {@link LayerTree file tree}
 * they make.
 */
public final class RegistryImage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String registry;
  private final String repository;
  private final String authorization;
  private final String digest;
  private final JsonNode manifest;

  private RegistryImage(
      String registry, String repository, String authorization, String digest, JsonNode manifest) {
    this.registry = registry;
    this.repository = repository;
    this.authorization = authorization;
    this.digest = digest;
    this.manifest = manifest;
  }

  /** {@code ref} ({@code host:port/repo:tag} or {@code …@sha256:…}) in a registry without auth. */
  public static RegistryImage of(String ref) throws IOException {
    return of(ref, null, null);
  }

  /** As {@link #of(String)}, with basic auth (null user for none). */
  public static RegistryImage of(String ref, String user, String password) throws IOException {
    int slash = ref.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(ref + " names no registry (host:port/repository:tag)");
    }
    String registry = ref.substring(0, slash);
    String rest = ref.substring(slash + 1);
    int at = rest.indexOf('@');
    int colon = rest.lastIndexOf(':');
    String repository;
    String reference;
    if (at >= 0) {
      repository = rest.substring(0, at);
      reference = rest.substring(at + 1);
    } else if (colon >= 0) {
      repository = rest.substring(0, colon);
      reference = rest.substring(colon + 1);
    } else {
      repository = rest;
      reference = "latest";
    }
    String auth =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> top = get(registry, repository, "manifests/" + reference, auth, ACCEPT);
    String digest = top.headers().firstValue("Docker-Content-Digest").orElse(null);
    JsonNode manifest = JSON.readTree(top.body());
    if (manifest.has("manifests")) {
      String chosen = null;
      for (JsonNode m : manifest.get("manifests")) {
        JsonNode p = m.path("platform");
        if (p.path("os").asText().equals("linux")
            && p.path("architecture").asText().equals("amd64")) {
          chosen = m.get("digest").asText();
          break;
        }
      }
      if (chosen == null) {
        throw new IOException(ref + " is an index without a linux/amd64 image");
      }
      manifest =
          JSON.readTree(get(registry, repository, "manifests/" + chosen, auth, ACCEPT).body());
    }
    return new RegistryImage(registry, repository, auth, digest, manifest);
  }

  /** The digest the registry gives for the reference (of the index, when it is one). */
  public String digest() {
    return digest;
  }

  /** The image manifest (for an index, the linux/amd64 one). */
  public JsonNode manifest() {
    return manifest;
  }

  /** The image's config (entrypoint, env, history, rootfs diff IDs, …). */
  public JsonNode config() throws IOException {
    String d = manifest.get("config").get("digest").asText();
    return JSON.readTree(get(registry, repository, "blobs/" + d, authorization, "*/*").body());
  }

  /** The layer digests, lowest first. */
  public List<String> layerDigests() {
    List<String> layers = new ArrayList<>();
    manifest.get("layers").forEach(l -> layers.add(l.get("digest").asText()));
    return layers;
  }

  /** The file tree the layers make ({@link LayerTree}), each blob streamed once. */
  public Map<String, String> tree() throws IOException {
    List<LayerTree.Layer> layers = new ArrayList<>();
    for (String d : layerDigests()) {
      layers.add(() -> stream(registry, repository, "blobs/" + d, authorization));
    }
    return LayerTree.of(layers);
  }

  private static HttpResponse<byte[]> get(
      String registry, String repository, String path, String auth, String accept)
      throws IOException {
    HttpResponse<byte[]> r = send(request(registry, repository, path, auth, accept), ofBytes());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET "
              + r.uri()
              + " answered "
              + r.statusCode()
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8).strip());
    }
    return r;
  }

  private static InputStream stream(String registry, String repository, String path, String auth)
      throws IOException {
    HttpResponse<InputStream> r =
        send(
            request(registry, repository, path, auth, "*/*"),
            HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      r.body().close();
      throw new IOException("GET " + r.uri() + " answered " + r.statusCode());
    }
    return r.body();
  }

  private static HttpRequest request(
      String registry, String repository, String path, String auth, String accept) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/" + path))
            .timeout(Duration.ofMinutes(2))
            .header("Accept", accept);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return b.build();
  }

  private static HttpResponse.BodyHandler<byte[]> ofBytes() {
    return HttpResponse.BodyHandlers.ofByteArray();
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      // the registry redirects blobs nowhere here; HttpClient follows none by default
      return HTTP.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + request.uri(), e);
    }
  }
}
