package dev.dmsb.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.archive.ManifestSource;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Images in registries ({@code docker://REF}): any reference names its own registry, so the base
 * image of a Dockerfile is read from the registry its name points at. Sizes are the registry's:
 * compressed layer sizes.
 */
public final class RegistrySource extends ManifestSource {
  static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;
  private final String first;

  /** Looks up the docker configuration's credentials for a registry host. */
  @FunctionalInterface
  public interface Credentials {
    /** The credentials for {@code host} ({@code 127.0.0.1:5000}, {@code docker.io}), if any. */
    Optional<RegistryAuth> forRegistry(String host) throws EngineException;
  }

  /**
   * Reads images from registries.
   *
   * @param image the reference verified, for the address shown in messages
   * @param credentials the docker configuration's credentials
   * @param tlsVerify whether certificates are checked (loopback registries are insecure anyway)
   */
  public RegistrySource(String image, Credentials credentials, boolean tlsVerify) {
    this(
        image,
        credentials,
        RegistryOptions.of(tlsVerify, Path.of(System.getProperty("user.home"))),
        Platform.host());
  }

  /**
   * Reads images from registries, reached as {@code options} say, picking {@code platform} from a
   * multi-platform index.
   */
  public RegistrySource(
      String image, Credentials credentials, RegistryOptions options, Platform platform) {
    super(platform);
    this.client = new RegistryClient(credentials, options);
    this.first = image;
  }

  @Override
  public String address() {
    return "registry " + reference(first).map(RegistryReference::host).orElse(first);
  }

  @Override
  protected String describe(String image) {
    return "docker://" + image;
  }

  @Override
  public void ping() throws EngineException {
    // the first request finds the registry's scheme and challenge; nothing to ask before it
  }

  private static Optional<RegistryReference> reference(String image) {
    try {
      return Optional.of(RegistryReference.parse(image));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static RegistryReference parse(String image) throws EngineException {
    try {
      return RegistryReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new EngineException(e.getMessage());
    }
  }

  /**
   * The digest of the manifest (or index) that {@code image}'s tag names in its registry, as the
   * registry gives it ({@code Docker-Content-Digest}): what {@code docker pull} would record, and
   * what an engine's {@code GET /distribution/{name}/json} answers.
   */
  public String manifestDigest(String image) throws EngineException {
    try {
      return find(image).digest();
    } catch (IOException e) {
      throw new EngineException("cannot read the manifest of " + image + ": " + e.getMessage(), e);
    }
  }

  /**
   * The platforms ({@code os/arch[/variant]}) of the images that {@code image}'s index lists, as
   * the index says them (attestation manifests left out), or empty when the name leads to one image
   * manifest: what a builder chooses from for a platform it is asked for.
   */
  public List<String> platforms(String image) throws EngineException {
    JsonNode top;
    try {
      top = find(image).node();
    } catch (IOException e) {
      throw new EngineException("cannot read the manifest of " + image + ": " + e.getMessage(), e);
    }
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode d : top.path("manifests")) {
      JsonNode p = d.path("platform");
      if ("attestation-manifest"
              .equals(d.path("annotations").path("vnd.docker.reference.type").asText())
          || p.path("os").asText("").equals("unknown")) {
        continue;
      }
      String variant = p.path("variant").asText("");
      out.add(
          p.path("os").asText("")
              + "/"
              + p.path("architecture").asText("")
              + (variant.isEmpty() ? "" : "/" + variant));
    }
    return out;
  }

  @Override
  protected Found find(String image) throws EngineException, IOException {
    RegistryReference ref = parse(image);
    RegistryClient.Response response =
        client.get(ref, "/manifests/" + ref.reference(), ACCEPT, true);
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readAllBytes();
    }
    String digest = response.header("Docker-Content-Digest").orElseGet(() -> sha256(body));
    return new Found(
        JSON.readTree(body),
        digest,
        ref.reference().contains(":") ? List.of() : List.of(image),
        List.of(ref.host() + "/" + ref.repository() + "@" + digest));
  }

  @Override
  protected JsonNode manifest(String image, String digest) throws EngineException, IOException {
    RegistryReference ref = parse(image);
    try (InputStream in = client.get(ref, "/manifests/" + digest, ACCEPT, true).body()) {
      return JSON.readTree(in);
    }
  }

  @Override
  protected InputStream blob(String image, String digest) throws EngineException {
    return client.get(parse(image), "/blobs/" + digest, null, false).body();
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
