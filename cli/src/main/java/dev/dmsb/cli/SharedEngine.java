package dev.dmsb.cli;

/**
 * The warm-up's engine, taken once and shared by the steps of {@code dmsb build} that need it: the
 * lint's base image lookups (which may take it first) and the build, which it is then handed to.
 * Closing closes the engine only when it was taken and never handed over (the Dockerfile had
 * errors, a step before the build failed).
 */
final class SharedEngine implements AutoCloseable {
  private final EngineWarmUp warmUp;
  private EngineOptions.Opened opened;
  private boolean handedOver;

  SharedEngine(EngineWarmUp warmUp) {
    this.warmUp = warmUp;
  }

  /** The engine, taking it from the warm-up on the first call; it stays this object's. */
  synchronized EngineOptions.Opened borrow() {
    if (opened == null) {
      opened = warmUp.take();
    }
    return opened;
  }

  /**
   * The engine for reading images before the build, when it answered the warm-up's ping; else an
   * exception (the lookups then go to the registry), leaving the engine's failure for the build to
   * report as it would have.
   */
  EngineOptions.Opened forLookups() {
    if (!warmUp.answered()) {
      throw new IllegalStateException("the engine did not answer");
    }
    return borrow();
  }

  /**
   * Whether the engine answered the warm-up's ping as Podman (see {@link EngineWarmUp#isPodman}).
   */
  boolean isPodman() {
    return warmUp.isPodman();
  }

  /** Whether there is an engine to hand over: false when the command needs none. */
  boolean opensEngine() {
    return warmUp.opensEngine();
  }

  /** The engine for the build, which then owns it and closes it. */
  synchronized EngineOptions.Opened handOver() {
    EngineOptions.Opened o = borrow();
    handedOver = true;
    return o;
  }

  @Override
  public synchronized void close() {
    if (opened != null && !handedOver) {
      opened.engine().close();
    }
  }
}
