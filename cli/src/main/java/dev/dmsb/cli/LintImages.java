package dev.dmsb.cli;

import dev.dmsb.engine.Engine;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.image.ImageSource;
import dev.dmsb.lint.ResolvedBaseImages;
import dev.dmsb.registry.RegistrySource;
import dev.dmsb.transport.ImageSources;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The base image lookup of {@code dmsb lint --resolve-images} and {@code dmsb build}: the engine
 * the options name (opened on the first lookup, and only then), else the image's registry with the
 * docker configuration's credentials. A broken engine or credentials configuration is a reason a
 * lookup gives, not a failure of the lint.
 */
final class LintImages implements AutoCloseable {
  private final Supplier<Engine> engineSource;
  private final boolean closeEngine;
  private final ResolvedBaseImages images;
  private Engine engine;
  private RuntimeException engineFailure;

  /**
   * @param engineSource opens the engine (may throw a {@link UserError})
   * @param closeEngine whether {@link #close()} closes what it opened (not when the build owns it)
   */
  LintImages(
      Supplier<Engine> engineSource, boolean closeEngine, Supplier<RegistryCredentials> creds) {
    this.engineSource = engineSource;
    this.closeEngine = closeEngine;
    RegistrySource.Credentials credentials =
        host -> {
          try {
            return creds.get().forRegistry(host);
          } catch (UserError | EngineConfigException e) {
            return Optional.<RegistryAuth>empty();
          }
        };
    this.images =
        new ResolvedBaseImages(
            this::engineImages,
            ref -> new RegistrySource(ref, credentials, true),
            ResolvedBaseImages.TIMEOUT);
  }

  /** The lookup to give the linter. */
  ResolvedBaseImages images() {
    return images;
  }

  private synchronized ImageSource engineImages() {
    if (engine == null && engineFailure == null) {
      try {
        engine = engineSource.get();
      } catch (RuntimeException e) {
        engineFailure = e;
      }
    }
    if (engineFailure != null) {
      throw engineFailure;
    }
    return ImageSources.daemon(engine);
  }

  @Override
  public synchronized void close() {
    images.close();
    if (closeEngine && engine != null) {
      engine.close();
    }
  }
}
