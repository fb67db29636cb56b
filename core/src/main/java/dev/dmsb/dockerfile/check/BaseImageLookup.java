package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The base image config of each stage built on an image, looked up once per image and platform
 * through {@link LintOptions#images()}. An image that was looked up and could not be read is named
 * once, with the reason and the checks that did not run for it (BaseImageUnread).
 */
final class BaseImageLookup {
  private final LintOptions options;
  private final Findings f;
  private final Map<String, Optional<ImageFacts>> known = new HashMap<>();
  private final Set<String> told = new HashSet<>();

  BaseImageLookup(LintOptions options, Findings f) {
    this.options = options;
    this.f = f;
  }

  /**
   * The platform BuildKit resolves the stage's base for: its FROM {@code --platform}, else the
   * build's ({@code --platform}), else this machine's.
   */
  String platform(Stage s) {
    if (s.platform() != null) {
      return s.platform();
    }
    String build = options.graph().platform();
    return build != null ? build : "linux/" + Platforms.arch(System.getProperty("os.arch"));
  }

  /**
   * Whether neither the FROM nor the build names a platform (BuildKit then adapts to the image).
   */
  boolean implicitPlatform(Stage s) {
    return s.platform() == null && options.graph().platform() == null;
  }

  /** Tells the lookup every image the stages will ask for, so that it may read them at once. */
  void prepare(List<Stage> stages) {
    List<Map.Entry<String, String>> wanted = new ArrayList<>();
    for (Stage s : stages) {
      if (s.base() instanceof StageRef.ExternalImage image) {
        wanted.add(Map.entry(image.reference(), platform(s)));
      }
    }
    if (!wanted.isEmpty()) {
      options.images().prepare(List.copyOf(new java.util.LinkedHashSet<>(wanted)));
    }
  }

  /** The config of the stage's base image, when it is an image and it could be read. */
  Optional<ImageFacts> of(Stage s) {
    if (!(s.base() instanceof StageRef.ExternalImage image)) {
      return Optional.empty();
    }
    String platform = platform(s);
    String key = image.reference() + "\n" + platform;
    Optional<ImageFacts> facts = known.get(key);
    if (facts == null) {
      try {
        facts = options.images().facts(image.reference(), platform);
      } catch (BaseImages.Unavailable e) {
        facts = Optional.empty();
        if (told.add(key)) {
          f.add(
              Rules.BASE_IMAGE_UNREAD,
              s.from().image().range(),
              "The config of base image "
                  + s.baseName()
                  + " ("
                  + platform
                  + ") could not be read: "
                  + e.getMessage()
                  + "; InvalidBaseImagePlatform did not run for it, and UndefinedVar did not run"
                  + " on the stages built on it",
              s,
              "make the image's engine or registry reachable, or lint without --resolve-images");
        }
      }
      known.put(key, facts);
    }
    return facts;
  }
}
