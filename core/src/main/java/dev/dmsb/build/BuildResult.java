package dev.dmsb.build;

import dev.dmsb.engine.BuilderKind;
import java.util.List;

/**
 * A successful build.
 *
 * @param imageId the full {@code sha256:} image ID; empty when the result went to an output ({@code
 *     -o})
 * @param tags the tags applied
 * @param builder the builder that ran it
 * @param context what the context stream sent
 * @param stageImages the images the legacy builder left for the non-final stages it built, in build
 *     order (none with BuildKit, which keeps no stage images)
 */
public record BuildResult(
    String imageId,
    List<String> tags,
    BuilderKind builder,
    ContextStats context,
    List<String> stageImages) {
  public BuildResult {
    tags = List.copyOf(tags);
    stageImages = List.copyOf(stageImages);
  }
}
