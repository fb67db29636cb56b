package dev.dmsb.dockerfile.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Finds dependency cycles among stages with Tarjan's algorithm, iteratively so that a chain of a
 * hundred thousand stages cannot overflow the stack.
 */
final class Cycles {
  private Cycles() {}

  /**
   * The strongly connected components that are cycles (more than one stage, or a stage that refers
   * to itself), each as the edges inside it, components in file order of their first stage.
   */
  static List<List<Edge>> find(int n, List<Edge> edges) {
    List<List<Edge>> out = new ArrayList<>();
    List<List<Integer>> adj = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      adj.add(new ArrayList<>());
    }
    for (Edge e : edges) {
      int t = e.targetStage();
      if (t >= 0 && t < n) {
        adj.get(e.stage().index()).add(t);
      }
    }
    int[] idx = new int[n];
    int[] low = new int[n];
    int[] comp = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(idx, -1);
    Arrays.fill(comp, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    int counter = 0;
    int comps = 0;
    int[] iter = new int[n];
    Deque<Integer> call = new ArrayDeque<>();
    for (int root = 0; root < n; root++) {
      if (idx[root] >= 0) {
        continue;
      }
      call.push(root);
      while (!call.isEmpty()) {
        int v = call.peek();
        if (idx[v] < 0) {
          idx[v] = low[v] = counter++;
          stack.push(v);
          onStack[v] = true;
        }
        if (iter[v] < adj.get(v).size()) {
          int w = adj.get(v).get(iter[v]++);
          if (idx[w] < 0) {
            call.push(w);
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], idx[w]);
          }
          continue;
        }
        call.pop();
        if (!call.isEmpty()) {
          int parent = call.peek();
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == idx[v]) {
          int w;
          do {
            w = stack.pop();
            onStack[w] = false;
            comp[w] = comps;
          } while (w != v);
          comps++;
        }
      }
    }
    int[] size = new int[comps];
    for (int i = 0; i < n; i++) {
      size[comp[i]]++;
    }
    List<List<Edge>> byComp = new ArrayList<>();
    for (int c = 0; c < comps; c++) {
      byComp.add(null);
    }
    List<Integer> order = new ArrayList<>();
    for (Edge e : edges) {
      int t = e.targetStage();
      int s = e.stage().index();
      if (t < 0 || t >= n || comp[s] != comp[t]) {
        continue;
      }
      if (size[comp[s]] > 1 || s == t) {
        if (byComp.get(comp[s]) == null) {
          byComp.set(comp[s], new ArrayList<>());
          order.add(comp[s]);
        }
        byComp.get(comp[s]).add(e);
      }
    }
    order.sort((a, b) -> Integer.compare(firstStage(byComp.get(a)), firstStage(byComp.get(b))));
    for (int c : order) {
      out.add(List.copyOf(byComp.get(c)));
    }
    return out;
  }

  private static int firstStage(List<Edge> edges) {
    int m = Integer.MAX_VALUE;
    for (Edge e : edges) {
      m = Math.min(m, e.stage().index());
    }
    return m;
  }
}
