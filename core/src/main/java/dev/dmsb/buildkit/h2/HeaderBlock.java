package dev.dmsb.buildkit.h2;

import io.grpc.InternalMetadata;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Header blocks as gRPC uses them: the headers and trailers this server sends, written as HPACK
 * literals that the peer never indexes (no dynamic table to keep in step), and the request's
 * headers turned into grpc-java's {@link Metadata}.
 */
final class HeaderBlock {
  private static final byte[] STATUS_200 = {(byte) 0x88}; // static table entry 8, ":status: 200"
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder BASE64_IN = Base64.getDecoder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

  /** The response's first headers: {@code :status 200}, the gRPC content type and {@code extra}. */
  static byte[] responseHeaders(Metadata extra) {
    HeaderBlock b = new HeaderBlock();
    b.out.write(STATUS_200, 0, 1);
    b.literal("content-type", "application/grpc");
    b.metadata(extra);
    return b.out.toByteArray();
  }

  /**
   * The call's last headers: the status and the trailers; {@code alone} when no headers went before
   * (a "trailers-only" answer, which carries the status line and content type too).
   */
  static byte[] trailers(Status status, Metadata trailers, boolean alone) {
    HeaderBlock b = new HeaderBlock();
    if (alone) {
      b.out.write(STATUS_200, 0, 1);
      b.literal("content-type", "application/grpc");
    }
    b.literal("grpc-status", Integer.toString(status.getCode().value()));
    if (status.getDescription() != null) {
      b.literal("grpc-message", percentEncoded(status.getDescription()));
    }
    b.metadata(trailers);
    return b.out.toByteArray();
  }

  /**
   * A request's headers: {@code POST} to {@code path} over {@code http} (the connection's own
   * security, if any, is below HTTP/2), the gRPC content type, the time limit and {@code extra}.
   */
  static byte[] request(String path, String authority, long timeoutNanos, Metadata extra) {
    HeaderBlock b = new HeaderBlock();
    b.out.write(0x83); // static table entry 3, ":method: POST"
    b.out.write(0x86); // static table entry 6, ":scheme: http"
    b.literal(":path", path);
    b.literal(":authority", authority);
    b.literal("content-type", "application/grpc");
    b.literal("te", "trailers");
    b.literal("user-agent", "dmsb");
    if (timeoutNanos >= 0) {
      long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      b.literal("grpc-timeout", ms < 100_000_000L ? ms + "m" : (ms / 1000) + "S");
    }
    b.metadata(extra);
    return b.out.toByteArray();
  }

  /** A request's {@code grpc-timeout} in nanoseconds; -1 when it has none (or none readable). */
  static long timeoutNanos(List<byte[]> namesAndValues) {
    String t = value(namesAndValues, "grpc-timeout");
    if (t == null || t.length() < 2 || t.length() > 9) {
      return -1;
    }
    long n;
    try {
      n = Long.parseLong(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      return -1;
    }
    TimeUnit unit =
        switch (t.charAt(t.length() - 1)) {
          case 'H' -> TimeUnit.HOURS;
          case 'M' -> TimeUnit.MINUTES;
          case 'S' -> TimeUnit.SECONDS;
          case 'm' -> TimeUnit.MILLISECONDS;
          case 'u' -> TimeUnit.MICROSECONDS;
          case 'n' -> TimeUnit.NANOSECONDS;
          default -> null;
        };
    return unit == null || n < 0 ? -1 : unit.toNanos(n);
  }

  /** A header field's value, or null. */
  static String value(List<byte[]> namesAndValues, String name) {
    for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
      if (is(namesAndValues.get(i), name)) {
        return new String(namesAndValues.get(i + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The status that a call's last headers carry; UNKNOWN when they carry none. */
  static Status status(List<byte[]> namesAndValues) {
    String code = value(namesAndValues, "grpc-status");
    if (code == null) {
      return Status.UNKNOWN.withDescription("the answer ended without a grpc-status");
    }
    Status status;
    try {
      status = Status.fromCodeValue(Integer.parseInt(code.trim()));
    } catch (NumberFormatException e) {
      return Status.UNKNOWN.withDescription("the answer's grpc-status is " + code);
    }
    String message = value(namesAndValues, "grpc-message");
    return message == null ? status : status.withDescription(percentDecoded(message));
  }

  /** grpc's reading of an HTTP status that is not 200. */
  static Status httpStatus(int code) {
    Status.Code c =
        switch (code) {
          case 400 -> Status.Code.INTERNAL;
          case 401 -> Status.Code.UNAUTHENTICATED;
          case 403 -> Status.Code.PERMISSION_DENIED;
          case 404 -> Status.Code.UNIMPLEMENTED;
          case 429, 502, 503, 504 -> Status.Code.UNAVAILABLE;
          default -> Status.Code.UNKNOWN;
        };
    return Status.fromCode(c).withDescription("HTTP status code " + code);
  }

  static String percentDecoded(String message) {
    if (message.indexOf('%') < 0) {
      return message;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '%' && i + 2 < message.length()) {
        int hi = Character.digit(message.charAt(i + 1), 16);
        int lo = Character.digit(message.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      bytes.write(c);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The request headers that are not HTTP/2's own nor gRPC's reserved ones, as metadata. */
  static Metadata metadata(List<byte[]> namesAndValues) {
    List<byte[]> kept = new ArrayList<>(namesAndValues.size());
    for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
      byte[] name = namesAndValues.get(i);
      if (name.length == 0 || name[0] == ':' || reserved(name)) {
        continue;
      }
      byte[] value = namesAndValues.get(i + 1);
      if (endsWith(name, "-bin")) {
        // binary values travel in base64, several joined by commas
        String text = new String(value, StandardCharsets.US_ASCII);
        for (String part : text.split(",", -1)) {
          kept.add(name);
          kept.add(BASE64_IN.decode(part.trim()));
        }
      } else {
        kept.add(name);
        kept.add(value);
      }
    }
    return InternalMetadata.newMetadata(kept.toArray(new byte[0][]));
  }

  /** grpc-message's encoding: bytes of UTF-8 outside printable ASCII, and '%', as {@code %XX}. */
  static String percentEncoded(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder s = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c < 0x20 || c > 0x7e || c == '%') {
        s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        s.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  private void metadata(Metadata md) {
    if (md == null) {
      return;
    }
    byte[][] serialized = InternalMetadata.serialize(md);
    for (int i = 0; i + 1 < serialized.length; i += 2) {
      byte[] name = serialized[i];
      byte[] value = serialized[i + 1];
      if (reserved(name)) {
        continue;
      }
      if (endsWith(name, "-bin")) {
        value = BASE64.encode(value);
      }
      literal(name, value);
    }
  }

  private void literal(String name, String value) {
    literal(name.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
  }

  /** A literal field, never indexed, with a literal name: no entry in the peer's table. */
  private void literal(byte[] name, byte[] value) {
    out.write(0x10);
    string(name);
    string(value);
  }

  private void string(byte[] s) {
    integer(s.length, 7, 0);
    out.write(s, 0, s.length);
  }

  /**
   * RFC 7541 5.1: an integer with an N-bit prefix, its first byte's high bits being {@code mask}.
   */
  private void integer(int value, int prefixBits, int mask) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(mask | value);
      return;
    }
    out.write(mask | max);
    value -= max;
    while (value >= 0x80) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  private static boolean reserved(byte[] name) {
    return is(name, "content-type")
        || is(name, "te")
        || is(name, "grpc-status")
        || is(name, "grpc-message")
        || is(name, "grpc-timeout")
        || is(name, "grpc-encoding")
        || is(name, "grpc-accept-encoding")
        || is(name, "connection");
  }

  private static boolean is(byte[] name, String s) {
    if (name.length != s.length()) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (name[i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWith(byte[] name, String suffix) {
    int off = name.length - suffix.length();
    if (off < 0) {
      return false;
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (name[off + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
