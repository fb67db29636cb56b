package dev.dmsb.buildkit;

import dev.dmsb.buildkit.proto.control.CacheOptions;
import dev.dmsb.buildkit.proto.control.CacheOptionsEntry;
import dev.dmsb.buildkit.proto.control.Exporter;
import dev.dmsb.buildkit.proto.control.SolveRequest;
import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.BuildRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A build request as the Control API's {@code Solve} for the Dockerfile frontend ({@code
 * dockerfile.v0}), which reads the {@code context} and {@code dockerfile} directories from the
 * session: frontend attributes as the docker CLI and buildctl set them, the exporter in both the
 * fields of BuildKit before 0.13 (3, 4) and its list since (13), and the cache options (also as the
 * frontend's {@code cache-imports}, which it resolves itself).
 */
final class SolveRequests {
  static final String FRONTEND = "dockerfile.v0";

  private SolveRequests() {}

  static SolveRequest of(String ref, BuildRequest request) {
    return of(ref, request, false);
  }

  /**
   * {@code imageStore}: the daemon is a Docker engine's, where a build without an output goes into
   * the engine's image store ({@code moby}, named by the tags), as the engine's own {@code /build}
   * does.
   */
  static SolveRequest of(String ref, BuildRequest request, boolean imageStore) {
    SolveRequest.Builder solve =
        SolveRequest.newBuilder()
            .setRef(ref)
            .setSession(request.session())
            .setFrontend(FRONTEND)
            .putAllFrontendAttrs(frontendAttrs(request));
    BuildOutput out = request.output();
    if (out == null && imageStore) {
      Map<String, String> attrs = new LinkedHashMap<>();
      if (!request.tags().isEmpty()) {
        attrs.put("name", String.join(",", request.tags()));
      }
      solve.setExporter("moby").putAllExporterAttrs(attrs);
      solve.addExporters(Exporter.newBuilder().setType("moby").putAllAttrs(attrs));
    } else if (out != null) {
      String type = out.type().equals("registry") ? "image" : out.type();
      Map<String, String> attrs = exporterAttrs(out, request);
      solve.setExporter(type).putAllExporterAttrs(attrs);
      solve.addExporters(Exporter.newBuilder().setType(type).putAllAttrs(attrs));
    }
    BuildCache cache = request.cache();
    if (!cache.isEmpty()) {
      CacheOptions.Builder options = CacheOptions.newBuilder();
      cache.imports().forEach(e -> options.addImports(entry(e)));
      cache.exports().forEach(e -> options.addExports(entry(e)));
      solve.setCache(options);
    }
    if ("host".equals(request.network())) {
      solve.addEntitlements("network.host");
    }
    return solve.build();
  }

  static Map<String, String> frontendAttrs(BuildRequest request) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("filename", request.dockerfile());
    if (request.target() != null && !request.target().isEmpty()) {
      attrs.put("target", request.target());
    }
    request.buildArgs().forEach((k, v) -> attrs.put("build-arg:" + k, v));
    request.labels().forEach((k, v) -> attrs.put("label:" + k, v));
    if (request.noCache()) {
      attrs.put("no-cache", "");
    }
    if (request.pull()) {
      attrs.put("image-resolve-mode", "pull");
    }
    if (request.network() != null && !request.network().isEmpty()) {
      attrs.put("force-network-mode", request.network());
    }
    if (request.platform() != null && !request.platform().isEmpty()) {
      attrs.put("platform", request.platform());
    }
    if (!request.cache().imports().isEmpty()) {
      attrs.put("cache-imports", cacheImportsJson(request.cache()));
    }
    return attrs;
  }

  /**
   * The exporter's attributes: those given, and for an image the tags as its {@code name} when it
   * names none ({@code --push -t}), {@code push=true} for {@code type=registry}.
   */
  static Map<String, String> exporterAttrs(BuildOutput out, BuildRequest request) {
    Map<String, String> attrs = new LinkedHashMap<>(out.attrs());
    boolean named = out.image() || out.type().equals("docker") || out.type().equals("oci");
    if (named && !attrs.containsKey("name") && !request.tags().isEmpty()) {
      attrs.put("name", String.join(",", request.tags()));
    }
    if (out.type().equals("registry")) {
      attrs.put("push", "true");
    }
    return attrs;
  }

  private static CacheOptionsEntry entry(BuildCache.Entry e) {
    return CacheOptionsEntry.newBuilder().setType(e.type()).putAllAttrs(e.attrs()).build();
  }

  /** {@code [{"Type":"registry","Attrs":{"ref":"..."}}]}, sorted keys, as BuildKit's client. */
  static String cacheImportsJson(BuildCache cache) {
    StringBuilder b = new StringBuilder("[");
    for (BuildCache.Entry e : cache.imports()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append("{\"Type\":").append(json(e.type())).append(",\"Attrs\":{");
      boolean first = true;
      for (Map.Entry<String, String> a : new java.util.TreeMap<>(e.attrs()).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        b.append(json(a.getKey())).append(':').append(json(a.getValue()));
      }
      b.append("}}");
    }
    return b.append(']').toString();
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
