package dev.dmsb.cli.cds;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pretend Docker engine on a unix socket, for training the launcher's class-data-sharing archive
 * only: it answers the requests a build, a pull and a verify make (ping, inspect, history, pull,
 * {@code POST /build} with both builders' streams) with canned, well-formed answers, so that the
 * training runs load the classes a real run loads after connecting. It builds nothing and is never
 * used otherwise. One connection at a time, each closed after its answer.
 */
final class StandInEngine implements AutoCloseable {
  static final String IMAGE_ID =
      "sha256:5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";
  private static final String LAYER =
      "sha256:1a7e11a7e11a7e11a7e11a7e11a7e11a7e11a7e11a7e11a7e11a7e11a7e11a7";

  private final ServerSocketChannel server;
  private final Path socket;
  private final Set<String> pulled = new HashSet<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private StandInEngine(ServerSocketChannel server, Path socket) {
    this.server = server;
    this.socket = socket;
  }

  /** Listens on {@code socket} and answers on a daemon thread until closed. */
  static StandInEngine start(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    StandInEngine engine = new StandInEngine(server, socket);
    Thread t = new Thread(engine::serve, "dmsb-stand-in-engine");
    t.setDaemon(true);
    t.start();
    return engine;
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel c = server.accept()) {
        answer(Channels.newInputStream(c), Channels.newOutputStream(c));
      } catch (IOException e) {
        // the client went away, or the engine was closed: take the next one, or stop
      }
    }
  }

  private void answer(InputStream in, OutputStream out) throws IOException {
    String head = readHead(in);
    String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
    String method = requestLine[0];
    String target = requestLine[1];
    readBody(in, head.toLowerCase(Locale.ROOT));
    requests.add(method + " " + target);
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    // dmsb speaks the announced API version once it has pinged: /v1.41/build is /build.
    path = path.replaceFirst("^/v\\d+\\.\\d+(?=/)", "");
    String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : "";
    if (path.equals("/_ping")) {
      respond(out, 200, "text/plain", "OK", true);
    } else if (path.equals("/build")) {
      boolean buildkit = query.contains("version=2");
      respond(out, 200, "application/json", buildkit ? buildkitStream() : legacyStream(), false);
    } else if (path.equals("/images/create")) {
      String image = param(query, "fromImage") + ":" + param(query, "tag");
      pulled.add(image);
      respond(out, 200, "application/json", pullStream(image), false);
    } else if (method.equals("GET") && path.startsWith("/images/") && path.endsWith("/json")) {
      String name = path.substring("/images/".length(), path.length() - "/json".length());
      // The training's base image is missing until pulled, so a BuildKit run pulls it first.
      if (name.startsWith("dmsb/cds-training") && !pulled.contains(name)) {
        respond(
            out, 404, "application/json", "{\"message\":\"No such image: " + name + "\"}", false);
      } else {
        respond(out, 200, "application/json", inspect(name), false);
      }
    } else if (path.startsWith("/images/") && path.endsWith("/history")) {
      respond(out, 200, "application/json", HISTORY, false);
    } else if (path.startsWith("/distribution/")) {
      respond(
          out, 200, "application/json", "{\"Descriptor\":{\"digest\":\"" + LAYER + "\"}}", false);
    } else {
      respond(out, 404, "application/json", "{\"message\":\"page not found\"}", false);
    }
  }

  /** The requests answered so far ({@code GET /_ping}), in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private static String param(String query, String name) {
    for (String p : query.split("&")) {
      if (p.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return "latest";
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request ended in its head");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads and drops the body: chunked (a build's context) or of a given length. */
  private static void readBody(InputStream in, String head) throws IOException {
    if (head.contains("transfer-encoding: chunked")) {
      while (true) {
        String size = readLine(in);
        int semicolon = size.indexOf(';');
        long n = Long.parseLong(semicolon < 0 ? size : size.substring(0, semicolon), 16);
        in.skipNBytes(n);
        readLine(in);
        if (n == 0) {
          return;
        }
      }
    }
    int at = head.indexOf("content-length:");
    if (at >= 0) {
      int end = head.indexOf("\r\n", at);
      in.skipNBytes(Long.parseLong(head.substring(at + "content-length:".length(), end).trim()));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the request body ended early");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static void respond(
      OutputStream out, int status, String type, String body, boolean pingHeaders)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Not Found");
    head.append("\r\nContent-Type: ").append(type);
    head.append("\r\nContent-Length: ").append(bytes.length);
    head.append("\r\nServer: Docker/20.10.24 (linux)\r\nApi-Version: 1.41\r\nOstype: linux");
    if (pingHeaders) {
      head.append("\r\nBuilder-Version: 2\r\nDocker-Experimental: false");
    }
    head.append("\r\nConnection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  private static String legacyStream() {
    String[] lines = {
      "Step 1/6 : FROM dmsb/cds-training:1 AS build",
      " ---> 3c9b2e5d1a4f",
      "Step 2/6 : RUN true",
      " ---> Running in 0a1b2c3d4e5f",
      "Removing intermediate container 0a1b2c3d4e5f",
      " ---> 4d5e6f7a8b9c",
      "Step 3/6 : FROM scratch",
      " ---> ",
      "Step 4/6 : COPY --from=build /bin/true /true",
      " ---> 5e6f7a8b9c0d",
      "Step 5/6 : COPY file /file",
      " ---> 6f7a8b9c0d1e",
      "Step 6/6 : CMD [\"/true\"]",
      " ---> Running in 1b2c3d4e5f6a",
      " ---> 5eed5eed5eed"
    };
    StringBuilder s = new StringBuilder();
    for (String line : lines) {
      s.append("{\"stream\":\"").append(line.replace("\"", "\\\"")).append("\\n\"}\r\n");
    }
    s.append("{\"aux\":{\"ID\":\"").append(IMAGE_ID).append("\"}}\r\n");
    s.append("{\"stream\":\"Successfully built 5eed5eed5eed\\n\"}\r\n");
    return s.toString();
  }

  private static String buildkitStream() throws IOException {
    String from = "sha256:f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
    String run = "sha256:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    StringBuilder s = new StringBuilder();
    s.append(trace(vertex(from, "[build 1/2] FROM docker.io/dmsb/cds-training:1", false, true)));
    s.append(trace(vertex(run, "[build 2/2] RUN true", false, false)));
    s.append(trace(log(run, "training output\n")));
    s.append(trace(status(run, "transferring", 512, 1024)));
    s.append(trace(vertex(run, "[build 2/2] RUN true", false, true)));
    s.append("{\"id\":\"moby.image.id\",\"aux\":{\"ID\":\"").append(IMAGE_ID).append("\"}}\r\n");
    return s.toString();
  }

  private static String pullStream(String image) {
    return "{\"status\":\"Pulling from "
        + image
        + "\",\"id\":\"1\"}\r\n"
        + "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"id\":\"l\"}\r\n"
        + "{\"status\":\"Digest: "
        + LAYER
        + "\"}\r\n{\"status\":\"Status: Downloaded newer image for "
        + image
        + "\"}\r\n";
  }

  private static String inspect(String name) {
    return "{\"Id\":\""
        + IMAGE_ID
        + "\",\"RepoTags\":[\""
        + name
        + "\"],\"Created\":\"2026-01-01T00:00:00Z\",\"Size\":1024,\"Os\":\"linux\","
        + "\"Architecture\":\"amd64\",\"Config\":{\"Cmd\":[\"/true\"],\"Labels\":{\"a\":\"b\"}},"
        + "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\""
        + LAYER
        + "\",\""
        + LAYER
        + "\"]}}";
  }

  private static final String HISTORY =
      "[{\"Id\":\""
          + IMAGE_ID
          + "\",\"Created\":1767225600,\"CreatedBy\":\"CMD [\\\"/true\\\"]\",\"Size\":0,"
          + "\"Comment\":\"buildkit.dockerfile.v0\",\"Tags\":[\"dmsb-cds:1\"]},"
          + "{\"Id\":\"<missing>\",\"Created\":1767225600,\"CreatedBy\":\"COPY file /file #"
          + " buildkit\",\"Size\":512,\"Comment\":\"buildkit.dockerfile.v0\",\"Tags\":null},"
          + "{\"Id\":\"<missing>\",\"Created\":1767225600,\"CreatedBy\":\"COPY /bin/true /true #"
          + " buildkit\",\"Size\":512,\"Comment\":\"buildkit.dockerfile.v0\",\"Tags\":null}]";

  // The trace messages: moby.buildkit.v1.StatusResponse { vertexes = 1; statuses = 2; logs = 3 }.

  private static String trace(byte[] statusResponse) {
    return "{\"id\":\"moby.buildkit.trace\",\"aux\":\""
        + Base64.getEncoder().encodeToString(statusResponse)
        + "\"}\r\n";
  }

  private static byte[] vertex(String digest, String name, boolean cached, boolean completed)
      throws IOException {
    byte[] now = timestamp();
    return wrap(
        1,
        message(
            o -> {
              o.writeString(1, digest);
              o.writeString(3, name);
              o.writeBool(4, cached);
              o.writeByteArray(5, now);
              if (completed) {
                o.writeByteArray(6, now);
              }
            }));
  }

  private static byte[] status(String vertex, String id, long current, long total)
      throws IOException {
    return wrap(
        2,
        message(
            o -> {
              o.writeString(1, id);
              o.writeString(2, vertex);
              o.writeInt64(4, current);
              o.writeInt64(5, total);
            }));
  }

  private static byte[] log(String vertex, String text) throws IOException {
    return wrap(
        3,
        message(
            o -> {
              o.writeString(1, vertex);
              o.writeInt64(3, 1);
              o.writeBytes(4, ByteString.copyFromUtf8(text));
            }));
  }

  private static byte[] timestamp() throws IOException {
    return message(
        o -> {
          o.writeInt64(1, 1767225600L);
          o.writeInt32(2, 1);
        });
  }

  private static byte[] wrap(int field, byte[] inner) throws IOException {
    return message(o -> o.writeByteArray(field, inner));
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
