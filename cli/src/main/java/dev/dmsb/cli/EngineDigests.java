package dev.dmsb.cli;

import dev.dmsb.dockerfile.rewrite.DigestResolver;
import dev.dmsb.dockerfile.rewrite.DigestUnavailableException;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.registry.RegistrySource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Digests for {@code --pin}, asked from the engine: the registry's manifest digest ({@code GET
 * /distribution/{name}/json}, with the user's credentials; Podman has no such endpoint, so there
 * the registry itself is asked), or with {@code --pin=local} the local image's RepoDigests (the
 * digest it was pushed or pulled with).
 */
final class EngineDigests implements DigestResolver {
  /** Where digests come from. */
  enum Mode {
    registry,
    local
  }

  private final Engine engine;
  private final Mode mode;
  private final RegistryCredentials credentials;
  private Boolean podman; // asked once, when the first registry digest is wanted

  EngineDigests(Engine engine, Mode mode, RegistryCredentials credentials) {
    this.engine = engine;
    this.mode = mode;
    this.credentials = credentials;
  }

  @Override
  public String digest(String imageRef) throws DigestUnavailableException {
    try {
      return mode == Mode.local ? local(imageRef) : registry(imageRef);
    } catch (EngineUnreachableException e) {
      throw DigestUnavailableException.lookupDown(e.getMessage(), e);
    } catch (ImageNotFoundException e) {
      throw new DigestUnavailableException(
          mode == Mode.local
              ? "no such image in the engine (pull it, or use --pin=registry)"
              : "not found in its registry: " + e.getMessage(),
          e);
    } catch (EngineConfigException e) {
      throw new DigestUnavailableException(
          "cannot read registry credentials: " + e.getMessage(), e);
    } catch (EngineException e) {
      throw new DigestUnavailableException(e.getMessage(), e);
    }
  }

  private String registry(String imageRef)
      throws EngineException, EngineConfigException, DigestUnavailableException {
    if (podman()) {
      // Podman serves no GET /distribution/{name}/json: ask the registry, as skopeo does. A
      // registry that cannot be reached leaves this image unpinned; the engine is up.
      try {
        return new RegistrySource(imageRef, credentials::forRegistry, true)
            .manifestDigest(imageRef);
      } catch (EngineUnreachableException e) {
        throw new DigestUnavailableException(
            "its registry cannot be reached: " + e.getMessage(), e);
      }
    }
    Optional<RegistryAuth> auth = credentials.forImage(imageRef);
    return engine.distributionDigest(imageRef, auth.orElse(null));
  }

  private boolean podman() throws EngineException {
    if (podman == null) {
      podman = engine.ping().podman();
    }
    return podman;
  }

  /** The digest of the RepoDigest whose repository is the reference's repository. */
  private String local(String imageRef) throws EngineException, DigestUnavailableException {
    return localDigest(engine.inspect(imageRef).repoDigests(), repository(imageRef));
  }

  /**
   * The one digest that {@code repoDigests} give for {@code repository}. Several different ones
   * (Podman keeps the digest of every manifest it loaded, pulled or pushed the image with, and
   * lists them in no telling order; some of them the registry never held) cannot be told apart
   * here: that image stays unpinned, and the message names them and {@code --pin=registry}.
   */
  static String localDigest(List<String> repoDigests, String repository)
      throws DigestUnavailableException {
    Set<String> found = new LinkedHashSet<>();
    for (String rd : repoDigests) {
      int at = rd.indexOf('@');
      if (at > 0 && normalize(rd.substring(0, at)).equals(normalize(repository))) {
        found.add(rd.substring(at + 1));
      }
    }
    if (found.size() == 1) {
      return found.iterator().next();
    }
    if (found.size() > 1) {
      throw new DigestUnavailableException(
          "the local image has "
              + found.size()
              + " digests for "
              + repository
              + " ("
              + String.join(", ", found)
              + ") and the engine does not say which one the registry holds: use --pin=registry");
    }
    throw new DigestUnavailableException(
        "the local image has no digest for "
            + repository
            + (repoDigests.isEmpty()
                ? " (it was built here, never pushed or pulled: push it, or use --pin=registry)"
                : " (it has " + String.join(", ", repoDigests) + ")"));
  }

  /** {@code name} of {@code name:tag}, keeping a registry port ({@code host:5000/name}). */
  static String repository(String ref) {
    int at = ref.indexOf('@');
    String r = at >= 0 ? ref.substring(0, at) : ref;
    int slash = r.lastIndexOf('/');
    int colon = r.lastIndexOf(':');
    return colon > slash ? r.substring(0, colon) : r;
  }

  /** {@code busybox} and {@code docker.io/library/busybox} are the same repository. */
  private static String normalize(String repository) {
    String r = repository;
    if (r.startsWith("docker.io/")) {
      r = r.substring("docker.io/".length());
    }
    if (r.startsWith("library/")) {
      r = r.substring("library/".length());
    }
    return r;
  }
}
