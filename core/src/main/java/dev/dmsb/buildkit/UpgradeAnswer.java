package dev.dmsb.buildkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The engine's answer to an HTTP/1.1 upgrade request ({@code POST /session}, {@code POST /grpc}):
 * its status line, and the bytes that came after the head (the upgraded protocol's first bytes, or
 * an error body).
 */
record UpgradeAnswer(String statusLine, byte[] rest) {
  private static final int MAX_HEAD = 64 * 1024;

  /**
   * Reads the answer's head from {@code in}; {@code request} names the request in errors.
   *
   * @throws IOException the connection ended before the head did, or the head passed 64 KiB
   */
  static UpgradeAnswer read(InputStream in, String request) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int end = -1;
    while (end < 0) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("the engine closed the connection before answering " + request);
      }
      read.write(buffer, 0, n);
      end = headEnd(read.toByteArray());
      if (end < 0 && read.size() > MAX_HEAD) {
        throw new IOException("the engine's answer to " + request + " has no end of headers");
      }
    }
    byte[] all = read.toByteArray();
    String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    return new UpgradeAnswer(
        head.lines().findFirst().orElse(""), Arrays.copyOfRange(all, end, all.length));
  }

  /** The status code of the status line, or -1. */
  int status() {
    String[] parts = statusLine.split(" ");
    if (parts.length < 2) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int headEnd(byte[] b) {
    for (int i = 3; i < b.length; i++) {
      if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }
}
