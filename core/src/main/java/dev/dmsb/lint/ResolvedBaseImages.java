package dev.dmsb.lint;

import dev.dmsb.dockerfile.check.BaseImages;
import dev.dmsb.dockerfile.check.ImageFacts;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.image.ImageSource;
import dev.dmsb.registry.RegistrySource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Base image configs read as a BuildKit build on a Docker engine resolves them: the engine's own
 * image when it holds one of the platform asked (its inspect data), else the image's registry (an
 * index's image for that platform, or the one manifest the name leads to). Each lookup has a time
 * limit; whatever fails or times out is {@link BaseImages.Unavailable} with the reason, so that a
 * lint goes on without those checks. Close it to stop lookups still running.
 *
 * <p>Of a multi-platform index, the registry adapter reads the config of this machine's platform:
 * for another platform asked, the index says the image exists for it, and the ENV, SHELL and
 * ONBUILD checked are this machine's image's (platforms of one image rarely differ there).
 */
public final class ResolvedBaseImages implements BaseImages, AutoCloseable {
  /** How long one image's lookup may take by default. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Supplier<ImageSource> engine;
  private final Function<String, RegistrySource> registries;
  private final Duration timeout;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "dmsb-base-image-lookup");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param engine the engine's images, or a supplier of null when no engine is configured; asked on
   *     the first lookup (it may throw: the lookup then goes to the registry)
   * @param registries the registry source for a reference
   * @param timeout how long one image's lookup may take
   */
  public ResolvedBaseImages(
      Supplier<ImageSource> engine, Function<String, RegistrySource> registries, Duration timeout) {
    this.engine = engine;
    this.registries = registries;
    this.timeout = timeout;
  }

  /** Registries only, with these credentials: for a lint with no engine. */
  public static ResolvedBaseImages fromRegistries(
      RegistrySource.Credentials credentials, boolean tlsVerify) {
    return new ResolvedBaseImages(
        () -> null, ref -> new RegistrySource(ref, credentials, tlsVerify), TIMEOUT);
  }

  /** Started lookups, by reference and platform, and when each was started. */
  private final Map<String, Future<ImageFacts>> started = new ConcurrentHashMap<>();

  private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

  /** Starts every lookup at once: the lint then waits for the slowest, not for their sum. */
  @Override
  public void prepare(List<Map.Entry<String, String>> references) {
    for (Map.Entry<String, String> r : references) {
      start(r.getKey(), r.getValue());
    }
  }

  private Future<ImageFacts> start(String reference, String platform) {
    return started.computeIfAbsent(
        reference + "\n" + platform,
        k -> {
          startedAt.put(k, System.nanoTime());
          return pool.submit(() -> resolve(reference, platform));
        });
  }

  @Override
  public Optional<ImageFacts> facts(String reference, String platform) throws Unavailable {
    Future<ImageFacts> f = start(reference, platform);
    long waited = System.nanoTime() - startedAt.get(reference + "\n" + platform);
    long left = Math.max(0, timeout.toNanos() - waited);
    try {
      return Optional.of(f.get(left, TimeUnit.NANOSECONDS));
    } catch (TimeoutException | java.util.concurrent.CancellationException e) {
      f.cancel(true); // a second lint of the same images (the rewrite's) gets the same answer
      throw new Unavailable("no answer within " + timeout.toSeconds() + "s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Unavailable u) {
        throw u;
      }
      throw new Unavailable(String.valueOf(cause.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new Unavailable("interrupted");
    }
  }

  private ImageFacts resolve(String reference, String platform) throws Unavailable {
    String notLocal = null;
    ImageSource local = null;
    try {
      local = engine.get();
    } catch (RuntimeException e) {
      notLocal = "the engine: " + e.getMessage();
    }
    if (local != null) {
      try {
        ImageDetails d = local.inspect(reference);
        if (sameOsArch(d.os() + "/" + d.architecture(), platform)) {
          return facts(d, d.os(), d.architecture(), d.variant());
        }
        // the engine's builder then resolves the platform asked from the registry
        notLocal = local.address() + " holds it for " + d.os() + "/" + d.architecture();
      } catch (ImageNotFoundException e) {
        notLocal = null; // not pulled: the registry says
      } catch (EngineException | RuntimeException e) {
        notLocal = local.address() + ": " + e.getMessage();
      }
    }
    try {
      RegistrySource registry = registries.apply(reference);
      List<String> platforms = registry.platforms(reference);
      if (platforms.isEmpty()) {
        ImageDetails d = registry.inspect(reference);
        return facts(d, d.os(), d.architecture(), d.variant());
      }
      Optional<String> match = platforms.stream().filter(p -> sameOsArch(p, platform)).findFirst();
      if (match.isEmpty()) {
        throw new Unavailable(
            reference
                + " has no image for "
                + platform
                + " (it has "
                + String.join(", ", platforms)
                + "); the build fails there");
      }
      String[] p = match.get().split("/", -1);
      return facts(registry.inspect(reference), p[0], p[1], p.length > 2 ? p[2] : "");
    } catch (EngineException | RuntimeException e) {
      throw new Unavailable((notLocal == null ? "" : notLocal + "; ") + e.getMessage());
    }
  }

  private static ImageFacts facts(ImageDetails d, String os, String arch, String variant) {
    return new ImageFacts(os, arch, variant, d.env(), d.shell(), d.onBuild());
  }

  /** Whether two {@code os/arch[/variant]} name the same OS and architecture. */
  static boolean sameOsArch(String a, String b) {
    String[] x = a.toLowerCase(Locale.ROOT).split("/", -1);
    String[] y = b.toLowerCase(Locale.ROOT).split("/", -1);
    if (x.length < 2 || y.length < 2) {
      return false;
    }
    return x[0].equals(y[0]) && arch(x[1]).equals(arch(y[1]));
  }

  private static String arch(String a) {
    return switch (a) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      case "i386" -> "386";
      default -> a;
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
