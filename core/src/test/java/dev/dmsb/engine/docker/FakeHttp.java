package dev.dmsb.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A transport that answers "METHOD /path" with canned responses and records what was asked. */
final class FakeHttp implements DockerHttpClient {
  record Canned(int status, Map<String, String> headers, String body) {}

  final Map<String, Canned> answers = new HashMap<>();
  final List<String> asked = new ArrayList<>();
  RuntimeException failure;

  FakeHttp answer(String request, int status, String body) {
    return answer(request, status, Map.of(), body);
  }

  FakeHttp answer(String request, int status, Map<String, String> headers, String body) {
    answers.put(request, new Canned(status, headers, body));
    return this;
  }

  @Override
  public Response execute(Request request) {
    String key = request.method() + " " + request.path();
    asked.add(key);
    if (failure != null) {
      throw failure;
    }
    Canned canned = answers.get(key);
    if (canned == null) {
      canned = new Canned(404, Map.of(), "{\"message\":\"page not found\"}");
    }
    Canned c = canned;
    return new Response() {
      @Override
      public int getStatusCode() {
        return c.status();
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        Map<String, List<String>> all = new HashMap<>();
        c.headers().forEach((k, v) -> all.put(k, List.of(v)));
        return all;
      }

      @Override
      public String getHeader(String name) {
        // HTTP header names are case-insensitive, as in the real transport.
        return c.headers().entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
      }

      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(c.body().getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
