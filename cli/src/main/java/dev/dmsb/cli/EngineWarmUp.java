package dev.dmsb.cli;

import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ForwardingEngine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Opens the engine and pings it on a background thread while the Dockerfile is read and checked, so
 * that resolving the address, setting up the HTTP client and the first round trip are off the way
 * to the build.
 *
 * <p>What it finds is handed over where the user would have met it without the warm-up: an engine
 * configuration error when the engine is taken (after the Dockerfile's problems), and the ping's
 * answer or failure at the first request made through the taken engine (after the context's
 * problems), so that an unreachable engine is not tried twice.
 */
final class EngineWarmUp implements AutoCloseable {
  private final CompletableFuture<EngineOptions.Opened> opened = new CompletableFuture<>();
  private final CompletableFuture<EngineInfo> pinged = new CompletableFuture<>();
  private boolean taken;
  private boolean none;

  private EngineWarmUp() {}

  /**
   * The warm-up for a command's {@code options}: {@code early} (started before the command line was
   * parsed, for the default engine) when the options name no other engine, else a new one; an
   * unused early one is closed.
   */
  static EngineWarmUp reuseOrStart(EngineWarmUp early, EngineOptions options) {
    if (early != null && options.namesNoEngine()) {
      return early;
    }
    if (early != null) {
      early.close();
    }
    return start(options);
  }

  /**
   * Whether {@code args} may set an engine option ({@code -H}, {@code --host}, {@code --context},
   * the TLS options, {@code --engine-timeout}), so that a warm-up started before they are parsed
   * could ask the wrong engine. Errs on the side of yes: a short-option cluster holding an H
   * counts.
   */
  static boolean mayNameAnEngine(String... args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false; // only positional parameters follow
      }
      if (arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('H') > 0) {
        return true;
      }
      int eq = arg.indexOf('=');
      if (ENGINE_OPTIONS.contains(eq < 0 ? arg : arg.substring(0, eq))) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.Set<String> ENGINE_OPTIONS =
      java.util.Set.of(
          "--host",
          "--context",
          "--tls",
          "--tlsverify",
          "--tlscacert",
          "--tlscert",
          "--tlskey",
          "--engine-timeout");

  /**
   * No warm-up, for a command that needs no engine ({@code why} says why): an {@code early} one is
   * closed, lookups go elsewhere ({@link #answered()} is false) and {@link #take()} fails.
   */
  static EngineWarmUp none(EngineWarmUp early, String why) {
    if (early != null) {
      early.close();
    }
    EngineWarmUp warmUp = new EngineWarmUp();
    warmUp.none = true;
    IllegalStateException e = new IllegalStateException("no engine is used: " + why);
    warmUp.opened.completeExceptionally(e);
    warmUp.pinged.completeExceptionally(e);
    return warmUp;
  }

  /** Whether this warm-up opens an engine at all (not {@link #none}). */
  boolean opensEngine() {
    return !none;
  }

  /** Starts opening and pinging the engine {@code options} name. */
  static EngineWarmUp start(EngineOptions options) {
    EngineWarmUp warmUp = new EngineWarmUp();
    Thread t = new Thread(() -> warmUp.run(options), "dmsb-engine-warm-up");
    t.setDaemon(true);
    t.start();
    return warmUp;
  }

  private void run(EngineOptions options) {
    EngineOptions.Opened o;
    try {
      o = options.open();
      opened.complete(o);
    } catch (Throwable e) {
      opened.completeExceptionally(e);
      pinged.completeExceptionally(e);
      return;
    }
    try {
      pinged.complete(o.engine().ping());
    } catch (Throwable e) {
      pinged.completeExceptionally(e);
    }
  }

  /**
   * Whether the engine answered the ping as Podman (which builds with Buildah); false when it
   * answered otherwise or not at all (that failure is reported where it was before). Waits for the
   * ping.
   */
  boolean isPodman() {
    try {
      return pinged.join().podman();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The opened engine, which the caller then owns and closes. Throws what opening threw (a usage
   * error with one line).
   */
  EngineOptions.Opened take() {
    EngineOptions.Opened o = join(opened);
    taken = true;
    return new EngineOptions.Opened(new Warm(o.engine(), pinged), o.warnings());
  }

  /**
   * Whether the engine opened and answered the warm-up's ping, waiting for it; false when either
   * failed. Asking does not consume the failure, which the first request through the taken engine
   * still reports.
   */
  boolean answered() {
    try {
      pinged.get();
      return true;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Closes the engine when it was never taken (the Dockerfile had errors, or a step failed), once
   * it is open: the caller does not wait for that.
   */
  @Override
  public void close() {
    if (taken) {
      return;
    }
    taken = true;
    opened.thenAccept(o -> o.engine().close());
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(ExitCode.INTERRUPTED, "interrupted while connecting to the engine");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The engine with the early ping's outcome: the first ping answers from it, and when it found the
   * engine unreachable the first request of any kind fails with that instead of trying again. Later
   * requests go to the engine as they are.
   */
  private static final class Warm extends ForwardingEngine {
    private CompletableFuture<EngineInfo> early;

    Warm(Engine engine, CompletableFuture<EngineInfo> early) {
      super(engine);
      this.early = early;
    }

    @Override
    protected synchronized void beforeRequest() throws EngineException {
      if (early == null) {
        return;
      }
      CompletableFuture<EngineInfo> e = early;
      try {
        e.get();
      } catch (ExecutionException failed) {
        if (failed.getCause() instanceof EngineUnreachableException unreachable) {
          early = null;
          throw unreachable;
        }
        early = null; // another failure: the request itself says what is wrong
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        early = null;
      }
    }

    @Override
    public synchronized EngineInfo ping() throws EngineException {
      CompletableFuture<EngineInfo> e = early;
      beforeRequest();
      early = null;
      if (e != null && e.isDone() && !e.isCompletedExceptionally()) {
        return e.join();
      }
      return super.ping();
    }
  }
}
