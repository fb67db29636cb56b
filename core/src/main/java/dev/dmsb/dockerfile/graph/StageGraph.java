package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.Add;
import dev.dmsb.dockerfile.instruction.Arg;
import dev.dmsb.dockerfile.instruction.Copy;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Mount;
import dev.dmsb.dockerfile.instruction.Run;
import dev.dmsb.dockerfile.instruction.Text;
import dev.dmsb.dockerfile.syntax.Heredoc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The stages of a Dockerfile and how they refer to each other and to images, resolved as BuildKit
 * or the legacy builder would: the target, the stages built for it, their order, and the cycles.
 * Built from typed instructions; never throws.
 */
public final class StageGraph {
  private final GraphOptions options;
  private final GlobalArgs globalArgs;
  private final List<Arg> metaArgs;
  private final List<Instruction> beforeFirstFrom;
  private final List<Stage> stages;
  private final List<Edge> edges;
  private final Stage target;
  private final List<Stage> reachable;
  private final boolean[] reachableFlags;
  private final List<Stage> buildOrder;
  private final List<List<Edge>> cycles;
  private final List<List<Edge>> outgoing;

  private StageGraph(StageGraphBuilder b, GraphOptions options) {
    this.options = options;
    this.globalArgs = b.globalArgs;
    this.metaArgs = List.copyOf(b.metaArgs);
    this.beforeFirstFrom = List.copyOf(b.beforeFirstFrom);
    this.stages = List.copyOf(b.stages);
    this.edges = List.copyOf(b.edges);
    this.outgoing = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      outgoing.add(new ArrayList<>());
    }
    for (Edge e : edges) {
      outgoing.get(e.stage().index()).add(e);
    }
    this.target = findTarget(options.target());
    this.cycles = Cycles.find(stages.size(), edges);
    this.reachable = computeReachable();
    this.reachableFlags = new boolean[stages.size()];
    for (Stage s : reachable) {
      reachableFlags[s.index()] = true;
    }
    this.buildOrder = computeBuildOrder();
  }

  /** The graph of a parsed Dockerfile. */
  public static StageGraph of(Dockerfile dockerfile, GraphOptions options) {
    return of(dockerfile.instructions(), dockerfile.tree().escape(), options);
  }

  /** The graph of instructions written with the given escape char. */
  public static StageGraph of(List<Instruction> instructions, char escape, GraphOptions options) {
    StageGraphBuilder b = new StageGraphBuilder(options, escape);
    b.build(instructions);
    return new StageGraph(b, options);
  }

  /** The options used. */
  public GraphOptions options() {
    return options;
  }

  /** The global ARGs used for FROM and {@code --platform}. */
  public GlobalArgs globalArgs() {
    return globalArgs;
  }

  /** The ARG instructions before the first FROM. */
  public List<Arg> metaArgs() {
    return metaArgs;
  }

  /** Instructions other than ARG before the first FROM (the engine refuses them). */
  public List<Instruction> instructionsBeforeFirstFrom() {
    return beforeFirstFrom;
  }

  /** All stages in file order. */
  public List<Stage> stages() {
    return stages;
  }

  /** Every reference (FROM bases, {@code COPY --from}, mount {@code from=}) in file order. */
  public List<Edge> edges() {
    return edges;
  }

  /** The references held by one stage, base first. */
  public List<Edge> edgesFrom(Stage stage) {
    return outgoing.get(stage.index());
  }

  /**
   * The stage built: {@code --target} looked up case-insensitively (the last stage so named), or
   * the last stage; empty when the target names no stage or there are no stages.
   */
  public Optional<Stage> target() {
    return Optional.ofNullable(target);
  }

  /** Stages named (lower-cased) {@code name}, in file order. */
  public List<Stage> stagesNamed(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return stages.stream().filter(s -> lower.equals(s.lowerName())).toList();
  }

  /**
   * The stages the engine builds for the target, in file order: BuildKit follows the target's
   * references transitively; the legacy builder builds every stage up to the target.
   */
  public List<Stage> reachable() {
    return reachable;
  }

  /** Whether the engine builds this stage for the target. */
  public boolean isReachable(Stage stage) {
    return stage.index() < reachableFlags.length
        && reachableFlags[stage.index()]
        && stages.get(stage.index()) == stage;
  }

  /**
   * The reachable stages ordered so that each comes after the stages it uses (ties: file order).
   */
  public List<Stage> buildOrder() {
    return buildOrder;
  }

  /** Dependency cycles, each as every reference on it. */
  public List<List<Edge>> cycles() {
    return cycles;
  }

  /** Images the reachable stages pull or read, with where they are named. */
  public List<ExternalImageUse> externalImages() {
    List<ExternalImageUse> out = new ArrayList<>();
    for (Stage s : reachable) {
      for (Edge e : edgesFrom(s)) {
        if (e.target() instanceof StageRef.ExternalImage img) {
          out.add(new ExternalImageUse(img.reference(), s, e.kind(), e.range(), e.instruction()));
        }
      }
    }
    return out;
  }

  /** The FROM ancestors of a stage, ending at an image or scratch. */
  public Chain chainOf(Stage stage) {
    List<Stage> chain = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Stage cur = stage;
    while (true) {
      chain.add(0, cur);
      seen.add(cur.index());
      int next = cur.base().stageIndex().orElse(-1);
      if (next < 0 || next >= stages.size() || seen.contains(next)) {
        return new Chain(
            chain, next < 0 ? cur.base() : new StageRef.Invalid(cur.baseName(), "cycle"));
      }
      cur = stages.get(next);
    }
  }

  /**
   * What the reachable stages read from the build context: sources of COPY/ADD without {@code
   * --from} (not heredocs, not URLs) and bind mounts without {@code from=}. Unbounded when a source
   * is the whole context or holds a variable.
   */
  public ContextSources contextSources() {
    List<ContextSource> out = new ArrayList<>();
    boolean bounded = true;
    for (Stage s : reachable) {
      for (Instruction in : s.instructions()) {
        List<Text> srcs = List.of();
        List<Heredoc> docs = List.of();
        if (in instanceof Copy c && c.from() == null) {
          srcs = c.sources();
          docs = c.heredocs();
        } else if (in instanceof Add a) {
          srcs = a.sources().stream().filter(t -> !isRemote(t.value())).toList();
          docs = a.heredocs();
        } else if (in instanceof Run r) {
          for (Mount m : r.mounts()) {
            if (m.type().equals("bind") && m.from() == null) {
              String src = m.source() == null ? "." : m.source();
              out.add(new ContextSource(src, s, r, m.range()));
              bounded &= isBounded(src);
            }
          }
        }
        for (Text t : srcs) {
          if (docs.stream().anyMatch(h -> h.word().range().equals(t.range()))) {
            continue;
          }
          String p = unquote(t.value());
          out.add(new ContextSource(p, s, in, t.range()));
          bounded &= isBounded(p);
        }
      }
    }
    return new ContextSources(out, bounded);
  }

  private static boolean isRemote(String v) {
    String l = v.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://") || l.startsWith("git@");
  }

  private static boolean isBounded(String p) {
    if (p.indexOf('$') >= 0) {
      return false;
    }
    String n = p;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    while (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    return !(n.isEmpty() || n.equals(".") || n.equals("*") || n.equals("**") || n.startsWith(".."));
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && (v.charAt(0) == '"' || v.charAt(0) == '\'')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  private Stage findTarget(String name) {
    if (stages.isEmpty()) {
      return null;
    }
    if (name == null) {
      return stages.get(stages.size() - 1);
    }
    List<Stage> hits = stagesNamed(name);
    if (options.semantics() == Semantics.BUILDAH) {
      // Buildah finds the target as written
      hits = hits.stream().filter(s -> name.equals(s.name())).toList();
    }
    return hits.isEmpty() ? null : hits.get(hits.size() - 1);
  }

  private List<Stage> computeReachable() {
    if (target == null) {
      return List.of();
    }
    if (options.semantics() == Semantics.LEGACY) {
      return stages.subList(0, target.index() + 1);
    }
    boolean[] seen = new boolean[stages.size()];
    ArrayList<Integer> todo = new ArrayList<>();
    todo.add(target.index());
    seen[target.index()] = true;
    while (!todo.isEmpty()) {
      int s = todo.remove(todo.size() - 1);
      for (Edge e : outgoing.get(s)) {
        int t = e.targetStage();
        if (t >= 0 && t < seen.length && !seen[t]) {
          seen[t] = true;
          todo.add(t);
        }
      }
    }
    List<Stage> out = new ArrayList<>();
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        out.add(stages.get(i));
      }
    }
    return List.copyOf(out);
  }

  private List<Stage> computeBuildOrder() {
    int n = stages.size();
    boolean[] in = new boolean[n];
    for (Stage s : reachable) {
      in[s.index()] = true;
    }
    int[] pending = new int[n];
    List<List<Integer>> users = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      users.add(new ArrayList<>());
    }
    for (Edge e : edges) {
      int s = e.stage().index();
      int t = e.targetStage();
      if (t >= 0 && t < n && t != s && in[s] && in[t]) {
        pending[s]++;
        users.get(t).add(s);
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (Stage s : reachable) {
      if (pending[s.index()] == 0) {
        ready.add(s.index());
      }
    }
    List<Stage> out = new ArrayList<>();
    boolean[] done = new boolean[n];
    while (!ready.isEmpty()) {
      int s = ready.poll();
      done[s] = true;
      out.add(stages.get(s));
      for (int u : users.get(s)) {
        if (--pending[u] == 0) {
          ready.add(u);
        }
      }
    }
    for (Stage s : reachable) {
      if (!done[s.index()]) {
        out.add(s); // on a cycle: the engine refuses the build; keep file order
      }
    }
    return List.copyOf(out);
  }
}
