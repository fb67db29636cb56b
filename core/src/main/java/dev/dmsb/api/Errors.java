package dev.dmsb.api;

import dev.dmsb.build.BuildFailedException;
import dev.dmsb.build.ContextException;
import dev.dmsb.build.FailedStep;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.verify.VerifyException;
import java.util.List;

/** Turns internal exceptions into the API's, with messages that say what to do. */
final class Errors {
  private Errors() {}

  static DmsbException engine(EngineException e, String address) {
    if (e instanceof EngineUnreachableException) {
      return new EngineUnavailableException(
          "no container engine answers at "
              + address
              + " ("
              + e.getMessage()
              + "); start Docker, or point DOCKER_HOST or the docker context at a running engine",
          e);
    }
    if (e instanceof ImageNotFoundException missing) {
      return new ImageMissingException(
          missing.image(),
          "image "
              + missing.image()
              + " is not in the engine at "
              + address
              + "; build or pull it first ("
              + e.getMessage()
              + ")",
          e);
    }
    return new DmsbException("the engine at " + address + " refused: " + e.getMessage(), e);
  }

  static EngineUnavailableException config(EngineConfigException e) {
    return new EngineUnavailableException(e.getMessage(), e);
  }

  static BuildFailureException build(BuildFailedException e, String dockerfileName) {
    FailedStep step = e.step().orElse(null);
    if (step == null || step.line() == 0) {
      return new BuildFailureException(
          "the build failed: "
              + e.getMessage()
              + (step == null ? "" : " (at " + step.step() + ")")
              + "; see the build output events for details",
          0,
          step == null ? List.of() : step.outputTail());
    }
    return new BuildFailureException(
        dockerfileName
            + ":"
            + step.line()
            + ":"
            + Math.max(1, step.column())
            + ": "
            + (step.stage() == null ? "" : "stage " + step.stage() + ": ")
            + step.sourceLine().strip()
            + ": "
            + e.getMessage()
            + "; fix this instruction and build again",
        step.line(),
        step.outputTail());
  }

  static DmsbException context(ContextException e) {
    return new DmsbException(
        "cannot send the build context: " + e.getMessage() + "; check the context folder", e);
  }

  static DmsbException verify(VerifyException e, String image) {
    return new DmsbException("cannot verify " + image + ": " + e.getMessage(), e);
  }
}
