package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.ArgExpander;
import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.graph.StageRef;
import dev.dmsb.dockerfile.instruction.Add;
import dev.dmsb.dockerfile.instruction.Arg;
import dev.dmsb.dockerfile.instruction.ArgDeclaration;
import dev.dmsb.dockerfile.instruction.Cmd;
import dev.dmsb.dockerfile.instruction.Copy;
import dev.dmsb.dockerfile.instruction.Entrypoint;
import dev.dmsb.dockerfile.instruction.Env;
import dev.dmsb.dockerfile.instruction.Expose;
import dev.dmsb.dockerfile.instruction.Healthcheck;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.KeyValue;
import dev.dmsb.dockerfile.instruction.Label;
import dev.dmsb.dockerfile.instruction.Mount;
import dev.dmsb.dockerfile.instruction.Run;
import dev.dmsb.dockerfile.instruction.Shell;
import dev.dmsb.dockerfile.instruction.Stopsignal;
import dev.dmsb.dockerfile.instruction.Suggestion;
import dev.dmsb.dockerfile.instruction.Text;
import dev.dmsb.dockerfile.instruction.User;
import dev.dmsb.dockerfile.instruction.Volume;
import dev.dmsb.dockerfile.instruction.Workdir;
import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.dockerfile.syntax.Heredoc;
import dev.dmsb.dockerfile.syntax.ShellLexer;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BuildKit's build checks that follow what each instruction of a stage does, as BuildKit's
 * dispatcher runs them for {@code --check}: UndefinedVar (with the stage's ARGs and ENVs, its base
 * stage's, and a base image's where its config is known), WorkdirRelativePath,
 * MultipleInstructionsDisallowed, JSONArgsRecommended, LegacyKeyValueFormat, SecretsUsedInArgOrEnv,
 * ExposeProtoCasing, ExposeInvalidFormat and CopyIgnoredFile.
 */
final class StageDispatch {
  /** What a stage hands on to the stages built on it. */
  private static final class State {
    final Map<String, String> env = new LinkedHashMap<>();
    final Set<String> args = new LinkedHashSet<>();
    boolean envKnown = true;
    boolean workdirSet;
    boolean shellSet;

    State copy() {
      State s = new State();
      s.env.putAll(env);
      s.args.addAll(args);
      s.envKnown = envKnown;
      s.workdirSet = workdirSet;
      s.shellSet = shellSet;
      return s;
    }
  }

  private final StageGraph graph;
  private final LintOptions options;
  private Findings f;
  private final char escape;
  private final BuildKitChecks scope;
  private final Map<Integer, State> done = new HashMap<>();

  StageDispatch(StageGraph graph, LintOptions options, Findings f, char escape, BuildKitChecks s) {
    this.graph = graph;
    this.options = options;
    this.f = f;
    this.escape = escape;
    this.scope = s;
  }

  void run() {
    for (Stage s : graph.stages()) {
      if (scope.dispatched(s)) {
        done.put(s.index(), dispatch(s, start(s)));
      }
    }
  }

  private State start(Stage s) {
    StageRef base = s.base();
    if (base.stageIndex().isPresent() && done.containsKey(base.stageIndex().getAsInt())) {
      return done.get(base.stageIndex().getAsInt()).copy(); // SHELL, ENV, ARGs carry over
    }
    State st = new State();
    if (base instanceof StageRef.ExternalImage) {
      Optional<ImageFacts> facts = scope.images.of(s);
      if (facts.isPresent()) {
        for (String kv : facts.get().env()) {
          int eq = kv.indexOf('=');
          st.env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        st.shellSet = !facts.get().shell().isEmpty();
      } else {
        st.envKnown = false;
      }
    }
    st.env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    return st;
  }

  private State dispatch(Stage s, State st) {
    Map<Class<?>, Instruction> once = new HashMap<>();
    List<Instruction> triggers = OnbuildTriggers.of(s, graph, scope.images);
    if (!triggers.isEmpty()) {
      Findings written = f;
      f = written.at(s.from().node().range());
      try {
        dispatch(s, st, triggers, once);
      } finally {
        f = written;
      }
    }
    dispatch(s, st, s.instructions(), once);
    return st;
  }

  private void dispatch(
      Stage s, State st, List<Instruction> instructions, Map<Class<?>, Instruction> once) {
    for (Instruction i : instructions) {
      if (i instanceof Run r) {
        for (Mount m : r.mounts()) {
          // BuildKit expands every key=value of a mount (type, from, source, target, id, ...)
          m.options().values().forEach(v -> expand(s, st, i, v, m.range()));
        }
      }
      if (i instanceof Arg a) {
        arg(s, st, a);
      } else if (i instanceof Env e) {
        env(s, st, e);
      } else if (i instanceof Label l) {
        legacy(s, l, l.legacyForm());
        for (KeyValue kv : l.pairs()) {
          expand(s, st, i, kv.key(), kv.range());
          expand(s, st, i, kv.value(), kv.range());
        }
      } else if (i instanceof Copy c) {
        heredocs(s, st, i, c.heredocs());
        expandAll(s, st, i, c.chown(), c.chmod(), c.destination());
        for (Text src : c.sources()) {
          String v = expand(s, st, i, src);
          if (c.from() == null) {
            ignored(s, i, "Copy", v);
          }
        }
      } else if (i instanceof Add a) {
        heredocs(s, st, i, a.heredocs());
        expandAll(s, st, i, a.chown(), a.chmod(), a.checksum(), a.destination());
        for (Text src : a.sources()) {
          String v = expand(s, st, i, src);
          if (!v.startsWith("http://") && !v.startsWith("https://") && !v.startsWith("git@")) {
            ignored(s, i, "Add", v);
          }
        }
      } else if (i instanceof Workdir w) {
        workdir(s, st, w);
      } else if (i instanceof User u) {
        expandAll(s, st, i, u.user());
      } else if (i instanceof Volume v) {
        v.paths().forEach(p -> expand(s, st, i, p));
      } else if (i instanceof Stopsignal sig) {
        expandAll(s, st, i, sig.signal());
      } else if (i instanceof Expose e) {
        expose(s, st, e);
      } else if (i instanceof Cmd c) {
        once(s, once, i);
        jsonArgs(s, st, i, c.arguments());
      } else if (i instanceof Entrypoint e) {
        once(s, once, i);
        jsonArgs(s, st, i, e.arguments());
      } else if (i instanceof Healthcheck) {
        once(s, once, i);
      } else if (i instanceof Shell) {
        st.shellSet = true;
      }
    }
  }

  private void workdir(Stage s, State st, Workdir w) {
    String v = w.path() == null ? "" : expand(s, st, w, w.path());
    if (!st.workdirSet && !v.startsWith("/")) {
      f.add(
          BuildKitRules.WORKDIR_RELATIVE_PATH,
          w.path() == null ? w.node().keyword().range() : w.path().range(),
          "Relative workdir \"" + v + "\" can have unexpected results if the base image changes",
          s,
          "set an absolute WORKDIR first, e.g. WORKDIR /" + v);
    }
    st.workdirSet = true;
  }

  private void arg(Stage s, State st, Arg a) {
    for (ArgDeclaration d : a.declarations()) {
      secret(s, a, "ARG", d.name(), d.range());
      String value = null;
      if (options.graph().buildArgs().containsKey(d.name())) {
        value = options.graph().buildArgs().get(d.name());
      } else if (d.defaultValue() != null) {
        value = expand(s, st, a, d.defaultValue(), d.range());
      } else if (graph.globalArgs().values().containsKey(d.name())) {
        value = graph.globalArgs().values().get(d.name());
      }
      if (value != null) {
        st.env.put(d.name(), value);
      }
      st.args.add(d.name());
    }
  }

  private void env(Stage s, State st, Env e) {
    // every pair is expanded with the variables from before the instruction
    Map<String, String> set = new LinkedHashMap<>();
    for (KeyValue kv : e.pairs()) {
      legacy(s, e, e.legacyForm());
      secret(s, e, "ENV", kv.key(), kv.range());
      String key = expand(s, st, e, kv.key(), kv.range());
      set.put(key, expand(s, st, e, kv.value(), kv.range()));
    }
    st.env.putAll(set);
  }

  private void legacy(Stage s, Instruction i, boolean legacyForm) {
    if (legacyForm) {
      String kw = i.keyword();
      f.add(
          BuildKitRules.LEGACY_KEY_VALUE_FORMAT,
          i.node().keyword().range(),
          "\""
              + kw
              + " key=value\" should be used instead of legacy \""
              + kw
              + " key value\" format",
          s,
          "write " + kw + " key=value");
    }
  }

  private void secret(Stage s, Instruction i, String kind, String key, SourceRange range) {
    if (Secrets.looksSecret(key)) {
      f.add(
          BuildKitRules.SECRETS_USED_IN_ARG_OR_ENV,
          range,
          "Do not use ARG or ENV instructions for sensitive data (" + kind + " \"" + key + "\")",
          s,
          "pass it with RUN --mount=type=secret,id=" + key.toLowerCase(Locale.ROOT));
    }
  }

  private void once(Stage s, Map<Class<?>, Instruction> seen, Instruction i) {
    Instruction before = seen.put(i.getClass(), i);
    if (before != null) {
      f.add(
          BuildKitRules.MULTIPLE_INSTRUCTIONS_DISALLOWED,
          before.node().keyword().range(),
          "Multiple "
              + i.keyword()
              + " instructions should not be used in the same stage because only the last one"
              + " will be used",
          s,
          "remove this " + before.keyword() + " (line " + i.line() + " replaces it)");
    }
  }

  private void jsonArgs(Stage s, State st, Instruction i, Arguments args) {
    if (args instanceof Arguments.Shell && !st.shellSet) {
      f.add(
          BuildKitRules.JSON_ARGS_RECOMMENDED,
          i.node().keyword().range(),
          "JSON arguments recommended for "
              + i.keyword()
              + " to prevent unintended behavior related to OS signals",
          s,
          i.keyword() + " [\"executable\", \"arg\", ...]");
    }
  }

  private void expose(Stage s, State st, Expose e) {
    for (Text t : e.ports()) {
      String words = ArgExpander.expand(t.value(), st.env, escape).value();
      for (String port : words.strip().split("\\s+")) {
        if (port.isEmpty()) {
          continue;
        }
        String[] parts = port.split(":", -1);
        String container = parts[parts.length - 1];
        int slash = container.indexOf('/');
        String proto = slash < 0 ? "" : container.substring(slash + 1);
        if (!proto.equals(proto.toLowerCase(Locale.ROOT))) {
          f.add(
              BuildKitRules.EXPOSE_PROTO_CASING,
              t.range(),
              "Defined protocol '" + port + "' in EXPOSE instruction should be lowercase",
              s,
              port.toLowerCase(Locale.ROOT));
        }
        if (parts.length > 1) {
          f.add(
              BuildKitRules.EXPOSE_INVALID_FORMAT,
              t.range(),
              "EXPOSE instruction should not define an IP address or host-port mapping, found '"
                  + port
                  + "'",
              s,
              "EXPOSE " + container + "; publish with docker run -p");
        }
      }
    }
  }

  private void ignored(Stage s, Instruction i, String verb, String src) {
    CopyIgnored.check(options.ignore(), f, s, i, verb, src);
  }

  /**
   * The bodies of a COPY's or ADD's here-documents whose delimiter is unquoted, expanded as
   * BuildKit does ({@code ExpandRaw}: quotes are plain characters, the escape is a backslash). The
   * body of RUN's here-documents is the shell's to expand, not BuildKit's.
   */
  private void heredocs(Stage s, State st, Instruction i, List<Heredoc> docs) {
    for (Heredoc h : docs) {
      if (h.expand() && h.content().indexOf('$') >= 0) {
        // quote chars are plain characters there (SkipProcessQuotes): stand-ins that the
        // lexer reads as such leave the same variables unset
        String plain = h.content().replace('\'', '\uE000').replace('"', '\uE001');
        ShellLexer.Result r =
            ShellLexer.process(plain, st.env, ShellLexer.Options.of('\\').raw(true, false, false));
        undefined(s, st, r.unset(), h.bodyRange());
      }
    }
  }

  private void expandAll(Stage s, State st, Instruction i, Text... texts) {
    for (Text t : texts) {
      if (t != null) {
        expand(s, st, i, t);
      }
    }
  }

  private String expand(Stage s, State st, Instruction i, Text t) {
    return expand(s, st, i, t.value(), t.range());
  }

  /** Expands with the stage's variables; reports those unset where all the stage's are known. */
  private String expand(Stage s, State st, Instruction i, String word, SourceRange range) {
    if (word.indexOf('$') < 0) {
      return ArgExpander.expand(word, st.env, escape).value();
    }
    ArgExpander.Result r = ArgExpander.expand(word, st.env, escape);
    undefined(s, st, r.unset(), range);
    return r.value();
  }

  /** Reports the unset names, where all the stage's variables are known. */
  private void undefined(Stage s, State st, List<String> unset, SourceRange range) {
    if (st.envKnown) {
      for (String name : new LinkedHashSet<>(unset)) {
        if (st.args.contains(name)) {
          continue;
        }
        String near = Suggestion.closest(name, new ArrayList<>(st.env.keySet()));
        f.add(
            BuildKitRules.UNDEFINED_VAR,
            range,
            "Usage of undefined variable '$"
                + name
                + "'"
                + (near == null ? "" : " (did you mean $" + near + "?)"),
            s,
            near != null ? "$" + near : "define it with ARG " + name + " or ENV " + name + "=...");
      }
    }
  }
}
