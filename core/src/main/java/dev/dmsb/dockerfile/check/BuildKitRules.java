package dev.dmsb.dockerfile.check;

import static dev.dmsb.dockerfile.check.Severity.WARNING;

import java.util.List;
import java.util.Set;

/**
 * BuildKit's build checks ({@code docker build --check}, v0.32's rule set) that dmsb's own stage
 * rules do not already cover under the same name; {@link Rules#all()} lists them all. BuildKit
 * reports every check as a warning, and fails the build on any of them under {@code # check=
 * error=true}.
 */
final class BuildKitRules {
  private BuildKitRules() {}

  /** BuildKit's page for a check: {@code https://docs.docker.com/go/dockerfile/rule/<kebab>/}. */
  static String url(String id) {
    StringBuilder kebab = new StringBuilder();
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean upper = Character.isUpperCase(c);
      // JSONArgs -> json-args: a capital starts a word unless the previous one was a capital too
      // and the next is not lower-case
      if (upper && i > 0) {
        boolean prevUpper = Character.isUpperCase(id.charAt(i - 1));
        boolean nextLower = i + 1 < id.length() && Character.isLowerCase(id.charAt(i + 1));
        if (!prevUpper || nextLower) {
          kebab.append('-');
        }
      }
      kebab.append(Character.toLowerCase(c));
    }
    return "https://docs.docker.com/go/dockerfile/rule/" + kebab + "/";
  }

  static Rule check(String id, String title, String description, String bad, String good) {
    return new Rule(id, WARNING, title, description, bad, good, url(id));
  }

  static final Rule FROM_AS_CASING =
      check(
          "FromAsCasing",
          "The AS keyword's case should match FROM's",
          "Write FROM and AS in the same case (both upper or both lower); a FROM in mixed case is"
              + " left to ConsistentInstructionCasing.",
          "FROM alpine:3.20 as build",
          "FROM alpine:3.20 AS build");
  static final Rule CONSISTENT_INSTRUCTION_CASING =
      check(
          "ConsistentInstructionCasing",
          "Instructions should all use the same case",
          "Keywords in the stages are counted: the case most of them use (upper-case on a tie) is"
              + " the file's; a keyword in the other case, or in mixed case, is reported.",
          "FROM alpine:3.20\nrun echo hi",
          "FROM alpine:3.20\nRUN echo hi");
  static final Rule JSON_ARGS_RECOMMENDED =
      check(
          "JSONArgsRecommended",
          "CMD and ENTRYPOINT should use the JSON (exec) form",
          "In shell form the program runs under /bin/sh -c, which does not pass on signals such as"
              + " SIGTERM: the container cannot stop cleanly. Not reported once the stage sets"
              + " SHELL, which says a shell is wanted.",
          "FROM alpine:3.20\nCMD my-server --port 80",
          "FROM alpine:3.20\nCMD [\"my-server\", \"--port\", \"80\"]");
  static final Rule MAINTAINER_DEPRECATED =
      check(
          "MaintainerDeprecated",
          "MAINTAINER is deprecated",
          "Name the image's author with the org.opencontainers.image.authors label instead.",
          "FROM alpine:3.20\nMAINTAINER me@example.com",
          "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"me@example.com\"");
  static final Rule UNDEFINED_VAR =
      check(
          "UndefinedVar",
          "Variable used before it is defined",
          "A $VAR in an instruction the builder expands (ENV, ARG defaults, LABEL, COPY, ADD,"
              + " WORKDIR, USER, VOLUME, STOPSIGNAL, EXPOSE) that no ARG, ENV or base image"
              + " defines expands to nothing. dmsb knows a base image's variables only when it can"
              + " read its config; without, it checks only stages built on scratch or on other"
              + " stages.",
          "FROM scratch\nCOPY app /opt/$APP_DIR/",
          "FROM scratch\nARG APP_DIR=app\nCOPY app /opt/$APP_DIR/");
  static final Rule WORKDIR_RELATIVE_PATH =
      check(
          "WorkdirRelativePath",
          "Relative WORKDIR without an absolute one before it",
          "A relative WORKDIR is joined to the base image's working directory, which can change"
              + " with the base image; set an absolute WORKDIR first.",
          "FROM alpine:3.20\nWORKDIR app",
          "FROM alpine:3.20\nWORKDIR /app");
  static final Rule MULTIPLE_INSTRUCTIONS_DISALLOWED =
      check(
          "MultipleInstructionsDisallowed",
          "CMD, ENTRYPOINT or HEALTHCHECK given twice in a stage",
          "Only the last one counts; the earlier one (reported) is dead.",
          "FROM alpine:3.20\nCMD [\"a\"]\nCMD [\"b\"]",
          "FROM alpine:3.20\nCMD [\"b\"]");
  static final Rule LEGACY_KEY_VALUE_FORMAT =
      check(
          "LegacyKeyValueFormat",
          "ENV or LABEL in the legacy 'key value' form",
          "The space-separated form sets one variable to the whole rest of the line, which is easy"
              + " to misread; write key=value.",
          "FROM alpine:3.20\nENV GREETING hello world",
          "FROM alpine:3.20\nENV GREETING=\"hello world\"");
  static final Rule INVALID_BASE_IMAGE_PLATFORM =
      new Rule(
          "InvalidBaseImagePlatform",
          WARNING,
          "Base image platform does not match expected target platform",
          "The base image's config names another OS or architecture than the platform the stage"
              + " is built for (its FROM --platform, else the build's --platform, else the"
              + " machine's): it will not run, or runs emulated. With no platform asked, BuildKit"
              + " adopts an image of a platform its worker runs natively (amd64 also runs 386)."
              + " dmsb reads the base image's config in dmsb build, and in dmsb lint with"
              + " --resolve-images: from the configured engine when it holds the image, else from"
              + " its registry (BaseImageUnread says when neither answers).",
          "FROM --platform=linux/amd64 arm64-only/app:1 AS app-amd64",
          "FROM --platform=linux/arm64 arm64-only/app:1 AS app-arm64",
          null);
  static final Rule INVALID_DEFAULT_ARG_IN_FROM =
      check(
          "InvalidDefaultArgInFrom",
          "FROM is no valid image with the ARGs' defaults",
          "Without --build-arg the base name expands to an empty or invalid reference; give the"
              + " ARG a default that names an image.",
          "ARG TAG\nFROM alpine:$TAG",
          "ARG TAG=3.20\nFROM alpine:$TAG");
  static final Rule REDUNDANT_TARGET_PLATFORM =
      check(
          "RedundantTargetPlatform",
          "--platform=$TARGETPLATFORM is the default",
          "A stage is built for the target platform anyway; the flag says nothing.",
          "FROM --platform=$TARGETPLATFORM alpine:3.20",
          "FROM alpine:3.20");
  static final Rule FROM_PLATFORM_FLAG_CONST_DISALLOWED =
      check(
          "FromPlatformFlagConstDisallowed",
          "FROM --platform with a constant",
          "A fixed platform defeats multi-platform builds; use $BUILDPLATFORM or $TARGETPLATFORM,"
              + " or name the stage after the platform (e.g. AS build-arm64) if it is meant.",
          "FROM --platform=linux/amd64 golang:1.22 AS build",
          "FROM --platform=$BUILDPLATFORM golang:1.22 AS build");
  static final Rule SECRETS_USED_IN_ARG_OR_ENV =
      check(
          "SecretsUsedInArgOrEnv",
          "Secret in ARG or ENV",
          "ARG and ENV values are kept in the image's history and config. A name with a word like"
              + " password, secret, token, key, auth, apikey or credential(s) is reported (not"
              + " with public, file or version); pass secrets with RUN --mount=type=secret.",
          "FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN fetch",
          "FROM alpine:3.20\nRUN --mount=type=secret,id=github_token fetch");
  static final Rule INVALID_DEFINITION_DESCRIPTION =
      check(
          "InvalidDefinitionDescription",
          "Comment above FROM AS or ARG is no description",
          "Experimental in BuildKit, off unless # check=experimental=InvalidDefinitionDescription"
              + " (or all): the comment right above a named FROM or an ARG should start with the"
              + " stage's or the ARG's name, or be parted from it by an empty comment line (#);"
              + " a blank line does not part them in v0.32, whatever its docs say.",
          "# compiles the app\nFROM alpine:3.20 AS build",
          "# build compiles the app\nFROM alpine:3.20 AS build");
  static final Rule COPY_IGNORED_FILE =
      check(
          "CopyIgnoredFile",
          "COPY or ADD of a file .dockerignore excludes",
          "The file is not in the build context, so the copy fails or copies less than written."
              + " Not checked when the .dockerignore has exceptions (!pattern), as BuildKit does.",
          "# .dockerignore: *.md\nFROM alpine:3.20\nCOPY README.md /",
          "# .dockerignore: *.md\nFROM alpine:3.20\nCOPY app /");
  static final Rule EXPOSE_PROTO_CASING =
      check(
          "ExposeProtoCasing",
          "EXPOSE protocol in upper case",
          "Write the protocol in lower case: 80/tcp.",
          "FROM alpine:3.20\nEXPOSE 80/TCP",
          "FROM alpine:3.20\nEXPOSE 80/tcp");
  static final Rule EXPOSE_INVALID_FORMAT =
      check(
          "ExposeInvalidFormat",
          "EXPOSE with an IP address or a host port",
          "EXPOSE documents the container's ports; publishing to a host port or address is for"
              + " docker run -p. This will become an error.",
          "FROM alpine:3.20\nEXPOSE 8080:80",
          "FROM alpine:3.20\nEXPOSE 80");

  /** Off unless {@code # check=experimental=...} names them (or {@code all}). */
  static final Set<String> EXPERIMENTAL = Set.of(INVALID_DEFINITION_DESCRIPTION.id());

  /** In the order of BuildKit's rule set, after the ones {@link Rules} defines itself. */
  static List<Rule> all() {
    return List.of(
        FROM_AS_CASING,
        CONSISTENT_INSTRUCTION_CASING,
        JSON_ARGS_RECOMMENDED,
        MAINTAINER_DEPRECATED,
        UNDEFINED_VAR,
        WORKDIR_RELATIVE_PATH,
        MULTIPLE_INSTRUCTIONS_DISALLOWED,
        LEGACY_KEY_VALUE_FORMAT,
        INVALID_BASE_IMAGE_PLATFORM,
        INVALID_DEFAULT_ARG_IN_FROM,
        REDUNDANT_TARGET_PLATFORM,
        FROM_PLATFORM_FLAG_CONST_DISALLOWED,
        SECRETS_USED_IN_ARG_OR_ENV,
        INVALID_DEFINITION_DESCRIPTION,
        COPY_IGNORED_FILE,
        EXPOSE_PROTO_CASING,
        EXPOSE_INVALID_FORMAT);
  }
}
