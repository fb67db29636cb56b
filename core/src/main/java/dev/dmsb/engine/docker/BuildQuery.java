package dev.dmsb.engine.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.RegistryAuth;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** The path, query and auth headers of Engine API requests, built from dmsb's records. */
final class BuildQuery {
  private static final ObjectMapper JSON = EngineJson.MAPPER;

  private BuildQuery() {}

  /** {@code /build?version=...&...} for a build request. */
  static String buildPath(BuildRequest request) {
    StringBuilder q = new StringBuilder("/build?version=");
    q.append(request.builder().apiVersionParameter());
    param(q, "dockerfile", request.dockerfile());
    for (String tag : request.tags()) {
      param(q, "t", tag);
    }
    param(q, "target", request.target());
    if (!request.buildArgs().isEmpty()) {
      param(q, "buildargs", json(new TreeMap<>(request.buildArgs())));
    }
    if (!request.labels().isEmpty()) {
      param(q, "labels", json(new TreeMap<>(request.labels())));
    }
    if (request.noCache()) {
      param(q, "nocache", "1");
    }
    if (request.pull()) {
      param(q, "pull", "1");
    }
    param(q, "networkmode", request.network());
    param(q, "platform", request.platform());
    if (request.session() != null) {
      // The engine asks the session for the context and the Dockerfile (the docker CLI's way).
      param(q, "remote", "client-session");
      param(q, "session", request.session());
    }
    param(q, "buildid", request.buildId());
    if (!request.cache().imports().isEmpty()) {
      // Images whose inline cache BuildKit may use (the docker CLI's --cache-from).
      param(
          q,
          "cachefrom",
          json(request.cache().imports().stream().map(e -> e.attrs().get("ref")).toList()));
    }
    if (request.output() != null) {
      // As the docker CLI: the destination stays on the client, the engine sends the files back.
      param(q, "outputs", "[{\"Type\":\"" + request.output().type() + "\",\"Attrs\":{}}]");
    }
    if (request.builder().classicApi()) {
      // Remove the legacy builder's intermediate containers even when a step fails, so failed and
      // cancelled builds leave no containers behind.
      param(q, "rm", "1");
      param(q, "forcerm", "1");
    }
    return q.toString();
  }

  /** {@code /build/cancel?id=...}: stops the build of that ID (BuildKit). */
  static String cancelPath(String buildId) {
    return "/build/cancel?id=" + URLEncoder.encode(buildId, StandardCharsets.UTF_8);
  }

  /** {@code X-Registry-Config}: base64url JSON map of server → auth (legacy builder pulls). */
  static String registryConfig(Map<String, RegistryAuth> auths) {
    ObjectNode all = JSON.createObjectNode();
    auths.forEach((server, auth) -> all.set(server, authNode(auth)));
    return Base64.getUrlEncoder().encodeToString(bytes(all));
  }

  /** {@code X-Registry-Auth}: base64url JSON of one auth. */
  static String registryAuth(RegistryAuth auth) {
    return Base64.getUrlEncoder().encodeToString(bytes(authNode(auth)));
  }

  /** An image name made safe for a URL path; names keep their slashes, colons and at signs. */
  static String imagePath(String image) {
    StringBuilder out = new StringBuilder();
    for (byte b : image.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~/:@".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static void param(StringBuilder q, String name, String value) {
    if (value != null && !value.isEmpty()) {
      q.append('&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private static ObjectNode authNode(RegistryAuth auth) {
    ObjectNode node = JSON.createObjectNode();
    if (auth.username() != null) {
      node.put("username", auth.username());
    }
    if (auth.password() != null) {
      node.put("password", auth.password());
    }
    if (auth.identityToken() != null) {
      node.put("identitytoken", auth.identityToken());
    }
    if (auth.serverAddress() != null) {
      node.put("serveraddress", auth.serverAddress());
    }
    return node;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  private static byte[] bytes(Object value) {
    return json(value).getBytes(StandardCharsets.UTF_8);
  }
}
