package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.ArgExpander;
import dev.dmsb.dockerfile.graph.GlobalArgs;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Arg;
import dev.dmsb.dockerfile.instruction.ArgDeclaration;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.From;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Maintainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * BuildKit's build checks that read instructions as written and each stage's FROM: FromAsCasing,
 * ConsistentInstructionCasing, MaintainerDeprecated, InvalidDefinitionDescription,
 * InvalidDefaultArgInFrom, RedundantTargetPlatform, FromPlatformFlagConstDisallowed and
 * InvalidBaseImagePlatform. Those that follow what each instruction does are {@link
 * StageDispatch}'s.
 */
final class BuildKitChecks {
  private final Dockerfile dockerfile;
  private final StageGraph graph;
  private final Findings f;
  final BaseImageLookup images;

  BuildKitChecks(Dockerfile dockerfile, StageGraph graph, LintOptions options, Findings f) {
    this.dockerfile = dockerfile;
    this.graph = graph;
    this.f = f;
    this.images = new BaseImageLookup(options, f);
  }

  void run() {
    InstructionComments comments = new InstructionComments(dockerfile.tree());
    for (Instruction i : dockerfile.instructions()) {
      if (i instanceof Maintainer) {
        f.add(
            BuildKitRules.MAINTAINER_DEPRECATED,
            i.node().keyword().range(),
            "MAINTAINER is deprecated: name the author with a label",
            null,
            "LABEL org.opencontainers.image.authors=\"...\"");
      }
      List<String> above = comments.above(i.node());
      if (i instanceof From from && from.stageName() != null) {
        description("FROM", List.of(from.stageName().value().toLowerCase(Locale.ROOT)), above, i);
      } else if (i instanceof Arg arg) {
        description(
            "ARG", arg.declarations().stream().map(ArgDeclaration::name).toList(), above, i);
      }
    }
    casing();
    GlobalArgs defaults =
        GlobalArgs.evaluate(
            graph.metaArgs(),
            new GraphOptions(
                Map.of(),
                graph.options().target(),
                graph.options().semantics(),
                graph.options().platform()),
            dockerfile.tree().escape());
    images.prepare(graph.stages().stream().filter(this::dispatched).toList());
    for (Stage s : graph.stages()) {
      fromAsCasing(s);
      defaultArgs(s, defaults);
      platform(s);
      baseImagePlatform(s);
    }
  }

  private void fromAsCasing(Stage s) {
    From from = s.from();
    if (from.asKeyword() == null) {
      return;
    }
    String kw = from.node().keyword().text();
    String as = from.asKeyword().value();
    boolean lower = kw.equals(kw.toLowerCase(Locale.ROOT));
    boolean upper = kw.equals(kw.toUpperCase(Locale.ROOT));
    if ((lower && !as.equals(as.toLowerCase(Locale.ROOT)))
        || (!lower && upper && !as.equals(as.toUpperCase(Locale.ROOT)))) {
      String want = lower ? as.toLowerCase(Locale.ROOT) : as.toUpperCase(Locale.ROOT);
      f.add(
          BuildKitRules.FROM_AS_CASING,
          from.asKeyword().range(),
          "'" + as + "' and '" + kw + "' keywords' casing do not match",
          s,
          want);
    }
  }

  /** The keywords of the stages (FROM and what follows; not the ARGs before the first FROM). */
  private void casing() {
    int lower = 0;
    int upper = 0;
    List<Instruction> inStages = new ArrayList<>();
    for (Stage s : graph.stages()) {
      inStages.add(s.from());
      inStages.addAll(s.instructions());
    }
    for (Instruction i : inStages) {
      String kw = i.node().keyword().text();
      if (kw.equals(kw.toLowerCase(Locale.ROOT))) {
        lower++;
      } else if (kw.equals(kw.toUpperCase(Locale.ROOT))) {
        upper++;
      }
    }
    boolean majorityLower = lower > upper;
    for (Instruction i : inStages) {
      String kw = i.node().keyword().text();
      String want = majorityLower ? kw.toLowerCase(Locale.ROOT) : kw.toUpperCase(Locale.ROOT);
      if (!kw.equals(want)) {
        f.add(
            BuildKitRules.CONSISTENT_INSTRUCTION_CASING,
            i.node().keyword().range(),
            "Command '"
                + kw
                + "' should match the case of the command majority ("
                + (majorityLower ? "lowercase" : "uppercase")
                + ")",
            null,
            want);
      }
    }
  }

  private void description(String kind, List<String> keys, List<String> above, Instruction i) {
    if (above.isEmpty() || keys.isEmpty()) {
      return;
    }
    String first = above.get(above.size() - 1).split(" ", -1)[0];
    if (keys.contains(first)) {
      return;
    }
    String example = keys.size() > 1 ? "<arg_key>" : keys.get(0);
    f.add(
        BuildKitRules.INVALID_DEFINITION_DESCRIPTION,
        i.node().keyword().range(),
        "Comment for " + kind + " should follow the format: `# " + example + " <description>`",
        null,
        "start the comment with " + example + ", or put an empty # line between it and " + kind);
  }

  /** The base with only the ARGs' defaults must still name an image. */
  private void defaultArgs(Stage s, GlobalArgs defaults) {
    if (s.from().image() == null || s.from().image().value().indexOf('$') < 0) {
      return;
    }
    if (s.base() instanceof StageRef.Invalid) {
      return; // EmptyBaseName says it
    }
    String written = s.from().image().value();
    ArgExpander.Result r =
        ArgExpander.expand(written, defaults.values(), dockerfile.tree().escape());
    for (String name : r.used()) {
      if (!defaults.declared().contains(name) && !GlobalArgs.AUTOMATIC.contains(name)) {
        return; // UndefinedArgInFrom says it
      }
    }
    String value = r.value();
    if (!ImageNames.isValid(value)) {
      f.add(
          BuildKitRules.INVALID_DEFAULT_ARG_IN_FROM,
          s.from().image().range(),
          "Default value for ARG "
              + written
              + " results in empty or invalid base image name"
              + (value.isEmpty() ? "" : " ('" + value + "')"),
          s,
          "give the ARGs it uses defaults that name an image");
    }
  }

  private void platform(Stage s) {
    if (s.from().platform() == null) {
      return;
    }
    String written = s.from().platform().value();
    ArgExpander.Result r =
        ArgExpander.expand(written, graph.globalArgs().values(), dockerfile.tree().escape());
    List<String> names = r.used().stream().distinct().toList();
    if (names.size() == 1
        && r.unset().isEmpty()
        && names.get(0).equals("TARGETPLATFORM")
        && r.value().equals(graph.globalArgs().values().get("TARGETPLATFORM"))) {
      f.add(
          BuildKitRules.REDUNDANT_TARGET_PLATFORM,
          s.from().platform().range(),
          "Setting platform to predefined "
              + written
              + " in FROM is redundant as this is the default behavior",
          s,
          "remove --platform=" + written);
    }
    if (!names.isEmpty()) {
      return;
    }
    Optional<Platforms.Platform> p = Platforms.parse(r.value());
    if (p.isEmpty()) {
      return;
    }
    String name = s.lowerName() == null ? "" : s.lowerName();
    if (name.contains(p.get().os()) || name.contains(p.get().architecture())) {
      return;
    }
    f.add(
        BuildKitRules.FROM_PLATFORM_FLAG_CONST_DISALLOWED,
        s.from().platform().range(),
        "FROM --platform flag should not use constant value \"" + r.value() + "\"",
        s,
        "--platform=$BUILDPLATFORM or $TARGETPLATFORM, or name the stage after the platform");
  }

  /**
   * Where the image's config is known, its OS and architecture must be the stage's: the FROM's
   * {@code --platform}, else the build's. With neither, BuildKit adopts an image of a platform its
   * worker runs natively.
   */
  private void baseImagePlatform(Stage s) {
    if (!(s.base() instanceof StageRef.ExternalImage) || !dispatched(s)) {
      return;
    }
    Optional<Platforms.Platform> asked = Platforms.parse(images.platform(s));
    if (asked.isEmpty()) {
      return; // the engine refuses the platform; not this check's to say
    }
    Optional<ImageFacts> facts = images.of(s);
    if (facts.isEmpty()) {
      return;
    }
    ImageFacts got = facts.get();
    Platforms.Platform actual = Platforms.normalize(got.os(), got.architecture(), got.variant());
    Platforms.Platform want = asked.get();
    want = Platforms.normalize(want.os(), want.architecture(), want.variant());
    if (images.implicitPlatform(s) && Platforms.runsNatively(actual)) {
      return;
    }
    if (!actual.os().equals(want.os()) || !actual.architecture().equals(want.architecture())) {
      f.add(
          BuildKitRules.INVALID_BASE_IMAGE_PLATFORM,
          s.from().image().range(),
          "Base image "
              + s.baseName()
              + " was pulled with platform \""
              + (actual.os().isEmpty() ? "unknown" : actual)
              + "\", expected \""
              + want
              + "\" for current build",
          s,
          "use an image built for "
              + want
              + (s.platform() == null ? ", or build it with --platform=" + actual : ""));
    }
  }

  /** BuildKit's lint dispatches every stage, or with a --target those the target needs. */
  boolean dispatched(Stage s) {
    return graph.options().target() == null || graph.isReachable(s);
  }
}
