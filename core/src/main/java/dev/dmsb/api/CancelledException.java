package dev.dmsb.api;

/**
 * The thread that called {@link BuildPlan#build()} or {@link VerifyPlan#verify()} was interrupted
 * (a test's timeout, a shutting-down executor): the engine was told to stop (the build's connection
 * was closed, so BuildKit cancels it and the legacy builder removes its step's container), and
 * nothing dmsb started runs on. The thread's interrupt status is set again when this is thrown.
 */
public final class CancelledException extends DmsbException {
  private static final long serialVersionUID = 1L;

  public CancelledException(String message) {
    super(message);
  }
}
