package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of {name, semantics, target, Dockerfile, expected rule ids (in position order)}. Info
 * findings are included, so every case pins the whole verdict.
 */
class LinterTableTest {
  record Case(
      String name, Semantics semantics, String target, String dockerfile, List<String> ids) {
    @Override
    public String toString() {
      return name + " (" + semantics + ")";
    }
  }

  static Case bk(String name, String dockerfile, String... ids) {
    return new Case(name, Semantics.BUILDKIT, null, dockerfile, List.of(ids));
  }

  static Case legacy(String name, String dockerfile, String... ids) {
    return new Case(name, Semantics.LEGACY, null, dockerfile, List.of(ids));
  }

  static Case target(String name, String target, String dockerfile, String... ids) {
    return new Case(name, Semantics.BUILDKIT, target, dockerfile, List.of(ids));
  }

  static final String B = "FROM dmsb/busybox:1.36";

  static Stream<Arguments> cases() {
    return Stream.of(
            // clean files: named, index, external, chain
            bk("named", B + " AS build\nRUN echo hi > /x\n" + B + "\nCOPY --from=build /x /x\n"),
            bk("index", B + "\nRUN echo hi > /x\n" + B + "\nCOPY --from=0 /x /x\n"),
            bk("external from", B + "\nCOPY --from=dmsb/busybox:1.36 /bin/busybox /b\n"),
            bk(
                "chain",
                B + " AS a\nRUN touch /a\nFROM a AS b\nRUN touch /b\nFROM b\nRUN touch /c\n"),
            bk(
                "mount from",
                B + " AS a\n" + B + "\nRUN --mount=type=bind,from=a,target=/a ls /a\n"),
            bk("case-insensitive --from", B + " AS build\n" + B + "\nCOPY --from=BUILD /x /x\n"),
            bk("arg in FROM to a stage", "ARG SRC=build\n" + B + " AS build\nFROM ${SRC}\n"),
            // structure
            bk("empty", "", "EmptyDockerfile"),
            bk("only comments", "# hi\n\n", "EmptyDockerfile"),
            bk("only args", "ARG A=1\n", "NoStages"),
            bk("run before from", "RUN echo\n" + B + "\n", "InstructionBeforeFrom"),
            // names
            bk("invalid name", B + " AS 1st\n", "InvalidStageName"),
            bk("name with variable", B + " AS ${X}\n", "InvalidStageName"),
            bk("name casing", B + " AS Build\n", "StageNameCasing"),
            bk("reserved scratch", B + " AS scratch\n", "ReservedStageName"),
            bk("reserved context", B + " AS context\n", "ReservedStageName"),
            bk(
                "duplicate bk",
                B + " AS a\n" + B + " AS a\n",
                "UnreachableStage",
                "DuplicateStageName"),
            legacy(
                "duplicate legacy",
                B + " AS a\n" + B + " AS a\n",
                "UnreachableStage",
                "DuplicateStageName"),
            // references
            bk(
                "typo --from",
                B + " AS build\n" + B + "\nCOPY --from=biuld /x /x\n",
                "UnreachableStage",
                "UndefinedStage"),
            bk(
                "forward --from",
                B + " AS a\nCOPY --from=b /x /x\n" + B + " AS b\n",
                "UnreachableStage",
                "ForwardStageReference"),
            bk("self --from", B + " AS a\nCOPY --from=a /x /y\n", "SelfStageReference"),
            bk("self index", B + "\nCOPY --from=0 /x /y\n", "SelfStageReference"),
            bk(
                "forward index (unreachable: a warning)",
                B + "\nCOPY --from=1 /x /y\n" + B + "\n",
                "UnreachableStage",
                "ForwardStageReference"),
            target(
                "forward index in target",
                "a",
                B + " AS a\nCOPY --from=1 /x /y\n" + B + "\n",
                "ForwardStageReference"),
            bk("index out of range", B + "\nCOPY --from=5 /x /y\n", "StageIndexOutOfRange"),
            bk("negative index", B + "\nCOPY --from=-1 /x /y\n", "StageIndexOutOfRange"),
            bk(
                "cycle",
                B + " AS a\nCOPY --from=b /x /x\n" + B + " AS b\nCOPY --from=a /y /y\n",
                "ForwardStageReference",
                "StageCycle"),
            bk(
                "from later stage",
                "FROM base\n" + B + " AS base\n",
                "UnreachableStage",
                "FromLaterStage"),
            bk(
                "from case differs",
                B + " AS build\nFROM Build\n",
                "UnreachableStage",
                "FromStageCasing"),
            legacy("from case differs legacy", B + " AS build\nFROM Build\n", "FromStageCasing"),
            bk("from index", B + "\nFROM 0\n", "UnreachableStage", "FromStageIndex"),
            bk(
                "variable in --from",
                "ARG S=a\n" + B + " AS a\n" + B + "\nCOPY --from=$S /x /x\n",
                "UnreachableStage",
                "VariableInStageReference"),
            bk(
                "variable in mount from",
                B + " AS a\n" + B + "\nRUN --mount=from=$S,target=/a ls\n",
                "UnreachableStage",
                "VariableInStageReference"),
            bk(
                "platform on stage ref",
                B + " AS a\nFROM --platform=linux/arm64 a\n",
                "PlatformOnStageReference",
                "FromPlatformFlagConstDisallowed"),
            bk(
                "mount from index",
                B + "\n" + B + "\nRUN --mount=from=0,target=/a ls\n",
                "UnreachableStage",
                "MountFromIndex"),
            legacy(
                "run flag legacy", B + "\nRUN --mount=type=cache,target=/c ls\n", "BuildKitOnly"),
            bk("undefined arg", "FROM dmsb/busybox:${VERSION}\n", "UndefinedArgInFrom"),
            bk("empty base", "ARG IMG\nFROM $IMG\n", "EmptyBaseName"),
            target("unknown target", "bulid", B + " AS build\n", "UnknownTarget"),
            target(
                "target case-insensitive",
                "BUILD",
                B + " AS build\n" + B + "\n",
                "UnreachableStage"),
            bk("untagged", "FROM alpine\n", "UntaggedImage"),
            bk("latest", "FROM alpine:latest\n", "LatestTag"),
            // parse problems
            bk(
                "missing = on flag",
                B + " AS a\n" + B + "\nCOPY --from a /x /x\n",
                "UnreachableStage",
                "InvalidFlag"),
            bk(
                "duplicate flag",
                B + " AS a\n" + B + "\nCOPY --from=a --from=a /x /x\n",
                "InvalidFlag"),
            bk("unknown flag", B + "\nCOPY --form=a /x /x\n", "InvalidFlag"),
            bk("unknown instruction", B + "\nRUNN echo\n", "UnknownInstruction"),
            bk("unterminated heredoc", B + "\nRUN <<EOF\necho\n", "ParseError"),
            bk("empty continuation", B + "\nRUN echo \\\n\n  hi\n", "NoEmptyContinuation"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdict(Case c) {
    LintResult r =
        Linter.lint(
            "Dockerfile",
            c.dockerfile(),
            new LintOptions(new GraphOptions(Map.of(), c.target(), c.semantics())));
    assertThat(r.ruleIds()).as(r.diagnostics().toString()).isEqualTo(c.ids());
  }
}
