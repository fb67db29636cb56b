package dev.dmsb.api;

import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.EngineResolver;
import dev.dmsb.engine.config.EngineSelection;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.engine.config.ResolvedEngine;
import dev.dmsb.engine.docker.DockerEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A connection to a container engine, found the way the docker CLI finds it. Builds and
 * verifications open one from the environment when none is given; open one yourself to reuse it
 * across calls, to choose the address, or to remove images. Close it when done.
 *
 * <pre>{@code
 * try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
 *   BuiltImage image = Dmsb.build(Path.of("app")).engine(engine).build();
 *   ...
 *   engine.removeImages(image);
 * }
 * }</pre>
 */
public final class DmsbEngine implements AutoCloseable {
  private final Engine engine;
  private final List<String> warnings;
  private final Function<String, RegistryAuth> credentials;

  DmsbEngine(Engine engine, List<String> warnings, Function<String, RegistryAuth> credentials) {
    this.engine = engine;
    this.warnings = List.copyOf(warnings);
    this.credentials = credentials;
  }

  /**
   * The engine named by {@code DOCKER_HOST}, else {@code DOCKER_CONTEXT} or the docker
   * configuration's current context, else {@code unix:///var/run/docker.sock}; TLS from {@code
   * DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH}. Registry credentials come from the same docker
   * configuration. Nothing is contacted until the first use.
   *
   * @throws EngineUnavailableException when the address or the TLS files are wrong
   */
  public static DmsbEngine fromEnvironment() throws EngineUnavailableException {
    return open(EngineSelection.none(), System.getenv());
  }

  /**
   * The engine at {@code host} ({@code unix:///path/docker.sock} or {@code tcp://host:2375}).
   *
   * @throws EngineUnavailableException when the address is malformed
   */
  public static DmsbEngine at(String host) throws EngineUnavailableException {
    return open(EngineSelection.host(host), System.getenv());
  }

  private static DmsbEngine open(EngineSelection selection, Map<String, String> env)
      throws EngineUnavailableException {
    Path home = Path.of(System.getProperty("user.home"));
    try {
      ResolvedEngine resolved = new EngineResolver(env, home).resolve(selection);
      RegistryCredentials creds = RegistryCredentials.load(env, home);
      List<String> warnings = new ArrayList<>(resolved.warnings());
      Function<String, RegistryAuth> lookup =
          registry -> {
            try {
              return creds.forRegistry(registry).orElse(null);
            } catch (EngineConfigException e) {
              warnings.add(e.getMessage());
              return null;
            }
          };
      return new DmsbEngine(DockerEngine.connect(resolved.endpoint()), warnings, lookup);
    } catch (EngineConfigException e) {
      throw Errors.config(e);
    }
  }

  /** The engine's address, for messages ({@code unix:///var/run/docker.sock}). */
  public String address() {
    return engine.address();
  }

  /** What resolving the address warned about (e.g. a context that overrides DOCKER_HOST). */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Whether {@code image} (a reference or ID) is in the engine.
   *
   * @throws DmsbException when the engine cannot be asked
   */
  public boolean hasImage(String image) throws DmsbException {
    try {
      engine.inspect(image);
      return true;
    } catch (ImageNotFoundException e) {
      return false;
    } catch (EngineException e) {
      throw Errors.engine(e, address());
    }
  }

  /**
   * Removes an image reference: a tag is untagged (the image goes when no tag is left); an ID
   * removes the image, which the engine refuses while several tags or a container use it. A missing
   * image is not an error.
   *
   * @throws DmsbException when the engine refuses (e.g. a container still uses the image)
   */
  public void removeImage(String image) throws DmsbException {
    try {
      engine.removeImage(image, false);
    } catch (EngineException e) {
      throw Errors.engine(e, address());
    }
  }

  /**
   * Removes what a build left in the engine: its tags (the image itself when nothing else tags it),
   * an untagged image by ID, and the untagged images of its non-final stages. Images that another
   * tag or a container still uses are kept.
   *
   * @return the references that could not be removed, each with the engine's reason
   * @throws DmsbException when the engine cannot be reached
   */
  public List<String> removeImages(BuiltImage image) throws DmsbException {
    List<String> kept = new ArrayList<>();
    List<String> refs = new ArrayList<>(image.tags());
    // After its last tag goes, the engine quietly keeps the image if a container still holds it:
    // asking for the ID then names the reason instead of leaving a dangling image unnoticed.
    refs.add(image.id());
    List<String> stages = new ArrayList<>(image.stageImages());
    java.util.Collections.reverse(stages);
    for (String stage : stages) {
      refs.add(stage);
    }
    for (String ref : refs) {
      try {
        if (ref.equals(image.id())) {
          if (!image.tags().isEmpty() && (!exists(ref) || tagged(ref))) {
            continue; // gone with its tags, or someone else tagged it too
          }
        } else if (!image.tags().contains(ref) && tagged(ref)) {
          continue; // a stage image someone tagged is theirs now
        }
        engine.removeImage(ref, false);
      } catch (dev.dmsb.engine.EngineUnreachableException e) {
        throw Errors.engine(e, address());
      } catch (EngineException e) {
        kept.add(ref + ": " + e.getMessage());
      }
    }
    return kept;
  }

  private boolean exists(String image) throws EngineException {
    try {
      engine.inspect(image);
      return true;
    } catch (ImageNotFoundException e) {
      return false;
    }
  }

  private boolean tagged(String image) throws EngineException {
    try {
      ImageDetails d = engine.inspect(image);
      return !d.repoTags().isEmpty() && !d.repoTags().equals(List.of("<none>:<none>"));
    } catch (ImageNotFoundException e) {
      return false;
    }
  }

  Engine port() {
    return engine;
  }

  Function<String, RegistryAuth> credentials() {
    return credentials;
  }

  @Override
  public void close() {
    engine.close();
  }
}
