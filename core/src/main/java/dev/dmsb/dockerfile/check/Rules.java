package dev.dmsb.dockerfile.check;

import static dev.dmsb.dockerfile.check.Severity.ERROR;
import static dev.dmsb.dockerfile.check.Severity.INFO;
import static dev.dmsb.dockerfile.check.Severity.WARNING;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every rule dmsb checks, with its documentation. */
public final class Rules {
  private Rules() {}

  public static final Rule PARSE_ERROR =
      new Rule(
          "ParseError",
          ERROR,
          "The engine cannot read this instruction",
          "The Dockerfile parser refuses the text (unterminated heredoc, bad directive, JSON array"
              + " of non-strings, missing arguments); the build fails before it starts.",
          "RUN <<EOF\necho hi",
          "RUN <<EOF\necho hi\nEOF");
  public static final Rule UNKNOWN_INSTRUCTION =
      new Rule(
          "UnknownInstruction",
          ERROR,
          "Unknown instruction",
          "The keyword is not a Dockerfile instruction; the build fails.",
          "FROM alpine:3.20\nRUNN echo hi",
          "FROM alpine:3.20\nRUN echo hi");
  public static final Rule INVALID_FLAG =
      new Rule(
          "InvalidFlag",
          ERROR,
          "Unknown, duplicate or valueless flag",
          "Flags must be known to the instruction, written --name=value (the = is required) and"
              + " not repeated unless repeatable (--mount, --exclude).",
          "COPY --from builder /app /app",
          "COPY --from=builder /app /app");
  public static final Rule NO_EMPTY_CONTINUATION =
      new Rule(
          "NoEmptyContinuation",
          WARNING,
          "Empty continuation line",
          "An empty line inside a continued instruction is skipped today and will become an error.",
          "RUN apk add \\\n\n    curl",
          "RUN apk add \\\n    curl",
          BuildKitRules.url("NoEmptyContinuation"));
  public static final Rule EMPTY_DOCKERFILE =
      new Rule(
          "EmptyDockerfile",
          ERROR,
          "The Dockerfile has no instructions",
          "The engine refuses an empty file or one holding only comments.",
          "# nothing",
          "FROM alpine:3.20");
  public static final Rule NO_STAGES =
      new Rule(
          "NoStages",
          ERROR,
          "No FROM instruction",
          "Without FROM there is no stage to build.",
          "ARG V=1",
          "ARG V=1\nFROM alpine:3.20");
  public static final Rule INSTRUCTION_BEFORE_FROM =
      new Rule(
          "InstructionBeforeFrom",
          ERROR,
          "Only ARG may come before the first FROM",
          "Any other instruction before the first FROM fails with 'no build stage in current"
              + " context'.",
          "RUN echo hi\nFROM alpine:3.20",
          "FROM alpine:3.20\nRUN echo hi");
  public static final Rule INVALID_STAGE_NAME =
      new Rule(
          "InvalidStageName",
          ERROR,
          "Invalid stage name",
          "Stage names are lower-cased and must then match ^[a-z][a-z0-9._-]*$; no variables, no"
              + " quotes.",
          "FROM alpine:3.20 AS 1st",
          "FROM alpine:3.20 AS first");
  public static final Rule STAGE_NAME_CASING =
      new Rule(
          "StageNameCasing",
          WARNING,
          "Stage names should be lower-case",
          "The engine lower-cases stage names, but BuildKit matches FROM <name> exactly as written,"
              + " so mixed case invites mismatches.",
          "FROM alpine:3.20 AS Build",
          "FROM alpine:3.20 AS build",
          BuildKitRules.url("StageNameCasing"));
  public static final Rule RESERVED_STAGE_NAME =
      new Rule(
          "ReservedStageName",
          WARNING,
          "Reserved stage name",
          "'scratch' and 'context' are reserved: a stage named scratch shadows FROM scratch.",
          "FROM alpine:3.20 AS scratch",
          "FROM alpine:3.20 AS base",
          BuildKitRules.url("ReservedStageName"));
  public static final Rule DUPLICATE_STAGE_NAME =
      new Rule(
          "DuplicateStageName",
          WARNING,
          "Duplicate stage name",
          "BuildKit accepts duplicates (FROM binds to the latest earlier one, --from to the last in"
              + " the file); the legacy builder fails.",
          "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS build",
          "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS test",
          BuildKitRules.url("DuplicateStageName"));
  public static final Rule UNDEFINED_STAGE =
      new Rule(
          "UndefinedStage",
          ERROR,
          "Reference to a stage that does not exist",
          "The name is no stage but close to one: the engine would pull it as an image from a"
              + " registry and fail with a confusing error.",
          "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=biuld /app /app",
          "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /app /app");
  public static final Rule FORWARD_STAGE_REFERENCE =
      new Rule(
          "ForwardStageReference",
          ERROR,
          "Reference to a later stage",
          "A stage can only copy or mount from stages defined before it.",
          "FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b",
          "FROM alpine:3.20 AS b\nFROM alpine:3.20 AS a\nCOPY --from=b /x /x");
  public static final Rule SELF_STAGE_REFERENCE =
      new Rule(
          "SelfStageReference",
          ERROR,
          "A stage refers to itself",
          "COPY --from its own stage is a circular dependency.",
          "FROM alpine:3.20 AS a\nCOPY --from=a /x /y",
          "FROM alpine:3.20 AS a\nRUN cp /x /y");
  public static final Rule STAGE_CYCLE =
      new Rule(
          "StageCycle",
          ERROR,
          "Circular dependency between stages",
          "Stages that depend on each other can never be built.",
          "FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\nCOPY --from=a /y /y",
          "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=a /y /y");
  public static final Rule STAGE_INDEX_OUT_OF_RANGE =
      new Rule(
          "StageIndexOutOfRange",
          ERROR,
          "Stage index out of range",
          "--from=N counts FROM instructions from 0; N must name an existing stage (BuildKit may"
              + " silently pick an internal state instead).",
          "FROM alpine:3.20\nCOPY --from=3 /x /x",
          "FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --from=a /x /x");
  public static final Rule FROM_LATER_STAGE =
      new Rule(
          "FromLaterStage",
          ERROR,
          "FROM names a stage defined later",
          "FROM only sees earlier stages: a later stage's name is taken as an image to pull.",
          "FROM base\nFROM alpine:3.20 AS base",
          "FROM alpine:3.20 AS base\nFROM base");
  public static final Rule FROM_STAGE_CASING =
      new Rule(
          "FromStageCasing",
          ERROR,
          "FROM names a stage with different case",
          "BuildKit matches FROM <stage> case-sensitively against the lower-cased name and fails"
              + " ('repository name must be lowercase'); the legacy builder accepts it.",
          "FROM alpine:3.20 AS build\nFROM Build",
          "FROM alpine:3.20 AS build\nFROM build");
  public static final Rule FROM_STAGE_INDEX =
      new Rule(
          "FromStageIndex",
          ERROR,
          "FROM with a stage index",
          "FROM takes stage names, not indices: FROM 0 makes both builders pull an image named '0';"
              + " the legacy builder first takes any local image whose ID starts with 0, so the"
              + " result depends on the machine.",
          "FROM alpine:3.20\nFROM 0",
          "FROM alpine:3.20 AS base\nFROM base");
  public static final Rule VARIABLE_IN_STAGE_REFERENCE =
      new Rule(
          "VariableInStageReference",
          ERROR,
          "Variable in --from or mount from=",
          "Variables are not expanded in --from or from=; define a global ARG and an alias stage.",
          "ARG SRC=build\nFROM alpine:3.20\nCOPY --from=$SRC /x /x",
          "ARG SRC=build\nFROM ${SRC} AS src\nFROM alpine:3.20\nCOPY --from=src /x /x");
  public static final Rule PLATFORM_ON_STAGE_REFERENCE =
      new Rule(
          "PlatformOnStageReference",
          ERROR,
          "--platform on a FROM of a stage",
          "When FROM names a stage, --platform is silently ignored: the stage keeps its own"
              + " platform.",
          "FROM alpine:3.20 AS base\nFROM --platform=linux/arm64 base",
          "FROM --platform=linux/arm64 alpine:3.20 AS base\nFROM base");
  public static final Rule MOUNT_FROM_INDEX =
      new Rule(
          "MountFromIndex",
          ERROR,
          "Stage index in RUN --mount from=",
          "from= takes names only: from=0 is an image named '0'.",
          "FROM alpine:3.20\nFROM alpine:3.20\nRUN --mount=from=0,target=/s ls /s",
          "FROM alpine:3.20 AS a\nFROM alpine:3.20\nRUN --mount=from=a,target=/s ls /s");
  public static final Rule BUILDKIT_ONLY =
      new Rule(
          "BuildKitOnly",
          ERROR,
          "Needs BuildKit",
          "The legacy builder rejects RUN flags (--mount, --network, --security) and --chmod.",
          "RUN --mount=type=cache,target=/c make",
          "RUN make");
  public static final Rule EMPTY_BASE_NAME =
      new Rule(
          "EmptyBaseName",
          ERROR,
          "FROM base is empty",
          "After ARG expansion the base name is blank.",
          "ARG IMG\nFROM $IMG",
          "ARG IMG=alpine:3.20\nFROM $IMG");
  public static final Rule UNDEFINED_ARG_IN_FROM =
      new Rule(
          "UndefinedArgInFrom",
          WARNING,
          "FROM uses an undeclared ARG",
          "Only ARGs declared before the first FROM (and the automatic platform ARGs) are"
              + " expanded in FROM.",
          "FROM alpine:${VERSION}",
          "ARG VERSION=3.20\nFROM alpine:${VERSION}",
          BuildKitRules.url("UndefinedArgInFrom"));
  public static final Rule UNKNOWN_TARGET =
      new Rule(
          "UnknownTarget",
          ERROR,
          "--target names no stage",
          "The target must be the name of a stage (case-insensitive).",
          "docker build --target bulid .",
          "docker build --target build .");
  public static final Rule UNREACHABLE_STAGE =
      new Rule(
          "UnreachableStage",
          INFO,
          "Stage not used by the target",
          "BuildKit skips stages the target does not need; the legacy builder builds them anyway."
              + " A named stage nothing uses is a target of its own (bake files and CI matrices"
              + " build each with --target NAME): a note. A warning only where no --target can"
              + " ever build the stage: it is unnamed, or a later stage has the same name, and no"
              + " buildable stage uses it.",
          "FROM alpine:3.20\nRUN make test\nFROM alpine:3.20 AS app",
          "FROM alpine:3.20 AS test\nRUN make test\nFROM alpine:3.20 AS app");
  public static final Rule UNTAGGED_IMAGE =
      new Rule(
          "UntaggedImage",
          INFO,
          "Image without a tag",
          "An image without a tag or digest means :latest, which changes under you.",
          "FROM alpine",
          "FROM alpine:3.20");
  public static final Rule LATEST_TAG =
      new Rule(
          "LatestTag",
          INFO,
          "Image with the latest tag",
          "':latest' changes under you; pin a version or a digest.",
          "FROM alpine:latest",
          "FROM alpine:3.20");
  public static final Rule UNSUPPLIED_BUILD_MOUNT =
      new Rule(
          "UnsuppliedBuildMount",
          WARNING,
          "Secret or SSH mount that no build flag supplies",
          "A RUN --mount=type=secret or type=ssh in a stage the build needs names an id that no"
              + " --secret or --ssh of the build supplies. The engine then mounts nothing (an error"
              + " when the mount says required=true, reported before anything is sent); supply it"
              + " with --secret id=ID,src=FILE (or env=VAR) or --ssh ID=SOCKET|KEYFILE (or default).",
          "FROM alpine:3.20\nRUN --mount=type=secret,id=token,required=true cat /run/secrets/token",
          "# dmsb build --secret id=token,src=token.txt .\nFROM alpine:3.20\n"
              + "RUN --mount=type=secret,id=token,required=true cat /run/secrets/token");
  public static final Rule BASE_IMAGE_UNREAD =
      new Rule(
          "BaseImageUnread",
          INFO,
          "A base image's config could not be read",
          "With --resolve-images (dmsb lint) and always in dmsb build, dmsb reads each base image's"
              + " config, as BuildKit does, for InvalidBaseImagePlatform and for UndefinedVar (the"
              + " image's ENV and ONBUILD triggers): from the configured engine when it holds the"
              + " image, else from its registry. When neither answers in time, or the image is"
              + " unknown, this note names the image, the reason and the checks that did not run;"
              + " the lint itself goes on and does not fail for it.",
          "# dmsb lint --resolve-images (registry.example:5000 down)\n"
              + "FROM registry.example:5000/base:1\nENV PATH=$APP_HOME/bin:$PATH",
          "# dmsb lint --resolve-images (the registry answers)\n"
              + "FROM registry.example:5000/base:1\nENV PATH=$APP_HOME/bin:$PATH");
  public static final Rule INTERNAL_ERROR =
      new Rule(
          "InternalError",
          ERROR,
          "dmsb failed on this file",
          "A bug in dmsb; please report it with the Dockerfile.",
          "",
          "");

  /** dmsb's own rules, and those BuildKit's checks share, in documentation order. */
  private static List<Rule> own() {
    return List.of(
        PARSE_ERROR,
        UNKNOWN_INSTRUCTION,
        INVALID_FLAG,
        NO_EMPTY_CONTINUATION,
        EMPTY_DOCKERFILE,
        NO_STAGES,
        INSTRUCTION_BEFORE_FROM,
        INVALID_STAGE_NAME,
        STAGE_NAME_CASING,
        RESERVED_STAGE_NAME,
        DUPLICATE_STAGE_NAME,
        UNDEFINED_STAGE,
        FORWARD_STAGE_REFERENCE,
        SELF_STAGE_REFERENCE,
        STAGE_CYCLE,
        STAGE_INDEX_OUT_OF_RANGE,
        FROM_LATER_STAGE,
        FROM_STAGE_CASING,
        FROM_STAGE_INDEX,
        VARIABLE_IN_STAGE_REFERENCE,
        PLATFORM_ON_STAGE_REFERENCE,
        MOUNT_FROM_INDEX,
        BUILDKIT_ONLY,
        EMPTY_BASE_NAME,
        UNDEFINED_ARG_IN_FROM,
        UNKNOWN_TARGET,
        UNREACHABLE_STAGE,
        UNTAGGED_IMAGE,
        LATEST_TAG,
        UNSUPPLIED_BUILD_MOUNT,
        BASE_IMAGE_UNREAD,
        INTERNAL_ERROR);
  }

  /** Every rule: dmsb's, then BuildKit's build checks that dmsb's do not already name. */
  public static List<Rule> all() {
    return ALL;
  }

  private static final List<Rule> ALL = all0();

  private static List<Rule> all0() {
    List<Rule> out = new ArrayList<>(own());
    out.addAll(out.size() - 1, BuildKitRules.all()); // InternalError stays last
    return List.copyOf(out);
  }

  /** Whether {@code id} names a rule. */
  public static boolean exists(String id) {
    return byId(id).isPresent();
  }

  /** The rule with this id. */
  public static Optional<Rule> byId(String id) {
    return all().stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
