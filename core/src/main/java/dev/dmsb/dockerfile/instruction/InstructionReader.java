package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.instruction.FlagReader.Kind;
import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.dockerfile.syntax.Flag;
import dev.dmsb.dockerfile.syntax.Heredoc;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.Problem;
import dev.dmsb.dockerfile.syntax.SourceRange;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import dev.dmsb.dockerfile.syntax.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns instruction nodes into typed instructions, adding BuildKit's instruction-level problems.
 */
final class InstructionReader {
  static final Set<String> KEYWORDS =
      Set.of(
          "FROM",
          "COPY",
          "ADD",
          "RUN",
          "ARG",
          "ENV",
          "LABEL",
          "CMD",
          "ENTRYPOINT",
          "WORKDIR",
          "USER",
          "EXPOSE",
          "VOLUME",
          "SHELL",
          "STOPSIGNAL",
          "HEALTHCHECK",
          "ONBUILD",
          "MAINTAINER");

  private static final Map<String, Map<String, Kind>> FLAGS =
      Map.of(
          "FROM", Map.of("platform", Kind.STRING),
          "COPY",
              Map.of(
                  "from", Kind.STRING,
                  "chown", Kind.STRING,
                  "chmod", Kind.STRING,
                  "link", Kind.BOOL,
                  "parents", Kind.BOOL,
                  "exclude", Kind.STRINGS),
          "ADD",
              Map.of(
                  "chown", Kind.STRING,
                  "chmod", Kind.STRING,
                  "checksum", Kind.STRING,
                  "keep-git-dir", Kind.BOOL,
                  "link", Kind.BOOL,
                  "unpack", Kind.BOOL,
                  "exclude", Kind.STRINGS),
          "RUN",
              Map.of(
                  "mount", Kind.STRINGS,
                  "network", Kind.STRING,
                  "security", Kind.STRING,
                  "device", Kind.STRINGS),
          "HEALTHCHECK",
              Map.of(
                  "interval", Kind.STRING,
                  "timeout", Kind.STRING,
                  "start-period", Kind.STRING,
                  "start-interval", Kind.STRING,
                  "retries", Kind.STRING));

  private final SyntaxTree tree;
  private final List<Problem> problems;

  private final PairReader pairReader;

  InstructionReader(SyntaxTree tree, List<Problem> problems) {
    this.tree = tree;
    this.problems = problems;
    this.pairReader = new PairReader(tree.escape(), problems);
  }

  Instruction read(InstructionNode node) {
    String kw = node.keywordUpper();
    FlagReader flags = new FlagReader(node, FLAGS.getOrDefault(kw, Map.of()), problems);
    return switch (kw) {
      case "FROM" -> from(node, flags);
      case "COPY" -> copy(node, flags);
      case "ADD" -> add(node, flags);
      case "RUN" -> run(node, flags);
      case "ARG" -> new Arg(node, pairReader.args(node));
      case "ENV" -> {
        List<KeyValue> pairs = new ArrayList<>();
        boolean legacy = pairReader.pairs(node, pairs);
        yield new Env(node, pairs, legacy);
      }
      case "LABEL" -> {
        List<KeyValue> pairs = new ArrayList<>();
        boolean legacy = pairReader.pairs(node, pairs);
        yield new Label(node, pairs, legacy);
      }
      case "CMD" -> new Cmd(node, node.arguments());
      case "ENTRYPOINT" -> new Entrypoint(node, node.arguments());
      case "SHELL" -> {
        if (!(node.arguments() instanceof Arguments.Json)) {
          problems.add(
              new Problem(
                  "shell.not-json",
                  "SHELL requires the arguments to be in JSON form",
                  node.arguments().range()));
        }
        yield new Shell(node, node.arguments());
      }
      case "WORKDIR" -> new Workdir(node, required(node, "WORKDIR"));
      case "USER" -> new User(node, required(node, "USER"));
      case "STOPSIGNAL" -> new Stopsignal(node, required(node, "STOPSIGNAL"));
      case "MAINTAINER" -> new Maintainer(node, required(node, "MAINTAINER"));
      case "EXPOSE" -> new Expose(node, list(node));
      case "VOLUME" -> new Volume(node, list(node));
      case "HEALTHCHECK" -> healthcheck(node);
      case "ONBUILD" -> onbuild(node);
      default -> {
        String suggestion = Suggestion.closest(kw, KEYWORDS);
        problems.add(
            new Problem(
                "instruction.unknown",
                "unknown instruction: "
                    + node.keyword().text()
                    + (suggestion == null ? "" : " (did you mean " + suggestion + "?)"),
                node.keyword().range(),
                suggestion));
        yield new UnknownInstruction(node);
      }
    };
  }

  private From from(InstructionNode node, FlagReader flags) {
    List<Word> words = words(node);
    Text image = words.isEmpty() ? null : text(words.get(0));
    Text as = null;
    Text name = null;
    if (words.size() == 3 && words.get(1).text().equalsIgnoreCase("as")) {
      as = text(words.get(1));
      name = text(words.get(2));
    } else if (words.size() != 1) {
      problems.add(
          new Problem(
              "from.arguments",
              "FROM requires either one or three arguments",
              words.isEmpty() ? node.range() : node.arguments().range(),
              "write FROM <image> [AS <name>]"));
    }
    return new From(node, flags.string("platform"), image, as, name);
  }

  private Copy copy(InstructionNode node, FlagReader flags) {
    List<Text> srcs = new ArrayList<>();
    Text dest = sourcesAndDestination(node, "COPY", srcs);
    return new Copy(
        node,
        flags.string("from"),
        flags.string("chown"),
        flags.string("chmod"),
        flags.bool("link"),
        flags.bool("parents"),
        flags.strings("exclude"),
        srcs,
        dest,
        node.heredocs());
  }

  private Add add(InstructionNode node, FlagReader flags) {
    List<Text> srcs = new ArrayList<>();
    Text dest = sourcesAndDestination(node, "ADD", srcs);
    return new Add(
        node,
        flags.string("chown"),
        flags.string("chmod"),
        flags.string("checksum"),
        flags.bool("link"),
        flags.bool("keep-git-dir"),
        flags.strings("exclude"),
        srcs,
        dest,
        node.heredocs());
  }

  private Text sourcesAndDestination(InstructionNode node, String kw, List<Text> srcs) {
    List<Text> all = new ArrayList<>();
    if (node.arguments() instanceof Arguments.Json json) {
      for (String v : json.values()) {
        all.add(new Text(v, json.range()));
      }
    } else {
      for (Word w : words(node)) {
        all.add(text(w));
      }
    }
    if (all.size() < 2) {
      problems.add(
          new Problem(
              "copy.arguments",
              kw
                  + " requires at least two arguments, but only one was provided. Destination"
                  + " could not be determined",
              node.range(),
              "write " + kw + " <source>... <destination>"));
      srcs.addAll(all);
      return null;
    }
    srcs.addAll(all.subList(0, all.size() - 1));
    Text dest = all.get(all.size() - 1);
    for (Heredoc h : node.heredocs()) {
      if (h.word().range().equals(dest.range())) {
        problems.add(
            new Problem(
                "copy.heredoc-destination",
                kw + " cannot accept a heredoc as a destination",
                dest.range()));
      }
    }
    return dest;
  }

  private Run run(InstructionNode node, FlagReader flags) {
    List<Mount> mounts = new ArrayList<>();
    for (Flag f : flags.flags("mount")) {
      mounts.add(MountReader.read(f, tree.text(), tree.lines(), problems));
    }
    return new Run(
        node,
        mounts,
        flags.string("network"),
        flags.string("security"),
        node.arguments(),
        node.heredocs());
  }

  private Healthcheck healthcheck(InstructionNode node) {
    List<Word> words = words(node);
    if (words.isEmpty()) {
      problems.add(
          new Problem("healthcheck.arguments", "HEALTHCHECK requires an argument", node.range()));
      return new Healthcheck(node, false, null);
    }
    String first = words.get(0).text();
    if (first.equalsIgnoreCase("NONE")) {
      if (words.size() > 1) {
        problems.add(
            new Problem(
                "healthcheck.arguments",
                "HEALTHCHECK NONE takes no arguments",
                words.get(1).range(),
                "write HEALTHCHECK NONE alone"));
      }
      return new Healthcheck(node, true, null);
    }
    if (!first.equalsIgnoreCase("CMD")) {
      String near = Suggestion.closest(first.toUpperCase(java.util.Locale.ROOT), List.of("CMD"));
      problems.add(
          new Problem(
              "healthcheck.arguments",
              "Unknown type \"" + first + "\" in HEALTHCHECK (try CMD)",
              words.get(0).range(),
              near != null ? near : "write HEALTHCHECK CMD <command> or HEALTHCHECK NONE"));
      return new Healthcheck(node, false, null);
    }
    if (words.size() < 2) {
      problems.add(
          new Problem(
              "healthcheck.arguments",
              "Missing command after HEALTHCHECK CMD",
              words.get(0).range(),
              "write HEALTHCHECK CMD <command>, e.g. HEALTHCHECK CMD curl -f http://localhost/"));
      return new Healthcheck(node, false, null);
    }
    Word a = words.get(1);
    Word b = words.get(words.size() - 1);
    String cmd = String.join(" ", words.subList(1, words.size()).stream().map(Word::text).toList());
    return new Healthcheck(
        node, false, new Text(cmd, new SourceRange(a.range().start(), b.range().end())));
  }

  private Onbuild onbuild(InstructionNode node) {
    InstructionNode t = node.trigger();
    if (t == null) {
      problems.add(
          new Problem("onbuild.arguments", "ONBUILD requires at least one argument", node.range()));
      return new Onbuild(node, null);
    }
    String kw = t.keywordUpper();
    if (kw.equals("ONBUILD")) {
      problems.add(
          new Problem(
              "onbuild.chain",
              "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
              t.keyword().range()));
    } else if (kw.equals("FROM") || kw.equals("MAINTAINER")) {
      problems.add(
          new Problem(
              "onbuild.trigger", kw + " isn't allowed as an ONBUILD trigger", t.keyword().range()));
    }
    return new Onbuild(node, read(t));
  }

  private Text required(InstructionNode node, String kw) {
    Arguments a = node.arguments();
    if (a.isEmpty()) {
      problems.add(
          new Problem("arguments.missing", kw + " requires exactly one argument", node.range()));
      return null;
    }
    String value =
        a instanceof Arguments.Shell s ? s.text() : String.join(" ", ((Arguments.Json) a).values());
    return new Text(value, a.range());
  }

  private List<Text> list(InstructionNode node) {
    List<Text> out = new ArrayList<>();
    if (node.arguments() instanceof Arguments.Json json) {
      for (String v : json.values()) {
        out.add(new Text(v, json.range()));
      }
    } else {
      for (Word w : words(node)) {
        out.add(text(w));
      }
    }
    return out;
  }

  private static List<Word> words(InstructionNode node) {
    return node.arguments() instanceof Arguments.Shell s ? s.words() : List.of();
  }

  private static Text text(Word w) {
    return new Text(w.text(), w.range());
  }
}
