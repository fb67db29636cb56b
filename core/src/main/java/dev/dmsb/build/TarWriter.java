package dev.dmsb.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an uncompressed POSIX tar (ustar headers, PAX extended headers for what ustar can't hold:
 * long or non-ASCII names and link targets, files of 8 GiB and more). Owner is always 0:0, as the
 * docker CLI sends it. Not thread-safe; the caller owns the output stream.
 */
final class TarWriter {
  static final int BLOCK = 512;
  private static final long USTAR_MAX_SIZE = 077777777777L; // 11 octal digits
  private static final int COPY_BUFFER = 1 << 20;

  private final OutputStream out;
  private final byte[] buffer = new byte[COPY_BUFFER];
  private long written;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Bytes written so far, headers and padding included. */
  long bytesWritten() {
    return written;
  }

  void directory(String name, int mode, long mtimeSeconds) throws IOException {
    String n = name.endsWith("/") ? name : name + "/";
    header(n, mode, 0, mtimeSeconds, (byte) '5', "");
  }

  void symlink(String name, String target, int mode, long mtimeSeconds) throws IOException {
    header(name, mode, 0, mtimeSeconds, (byte) '2', target);
  }

  /**
   * Writes a regular file of exactly {@code size} bytes read from {@code content}. Fails naming the
   * file if the content ends early (the file shrank while it was sent).
   */
  void file(String name, int mode, long mtimeSeconds, long size, InputStream content)
      throws IOException {
    header(name, mode, size, mtimeSeconds, (byte) '0', "");
    long left = size;
    while (left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException(
            name + " became shorter while it was sent (" + left + " bytes missing); retry");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    written += size;
    pad(size);
  }

  /** Writes a file whose content is in memory. */
  void file(String name, int mode, long mtimeSeconds, byte[] content) throws IOException {
    header(name, mode, content.length, mtimeSeconds, (byte) '0', "");
    out.write(content);
    written += content.length;
    pad(content.length);
  }

  /** The two zero blocks that end an archive. Does not close the stream. */
  void finish() throws IOException {
    out.write(new byte[BLOCK * 2]);
    written += BLOCK * 2;
    out.flush();
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
      written += BLOCK - rest;
    }
  }

  private void header(String name, int mode, long size, long mtime, byte type, String link)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
    Map<String, String> pax = new LinkedHashMap<>();
    String ustarName = name;
    String ustarPrefix = "";
    if (nameBytes.length > 100 || !isAscii(name)) {
      String[] split = splitForUstar(name);
      if (split == null) {
        pax.put("path", name);
        ustarName = truncate(name, 100);
      } else {
        ustarPrefix = split[0];
        ustarName = split[1];
      }
    }
    if (linkBytes.length > 100 || !isAscii(link)) {
      pax.put("linkpath", link);
    }
    if (size > USTAR_MAX_SIZE) {
      pax.put("size", Long.toString(size));
    }
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      String paxName = truncate("PaxHeaders.0/" + baseName(name), 100);
      block(paxName, "", 0644, records.length, mtime, (byte) 'x', "");
      out.write(records);
      written += records.length;
      pad(records.length);
    }
    block(
        ustarName,
        ustarPrefix,
        mode,
        size > USTAR_MAX_SIZE ? 0 : size,
        mtime,
        type,
        pax.containsKey("linkpath") ? truncate(link, 100) : link);
  }

  private void block(
      String name, String prefix, int mode, long size, long mtime, byte type, String link)
      throws IOException {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, Math.max(0, Math.min(mtime, USTAR_MAX_SIZE)));
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = type;
    put(h, 157, 100, link);
    put(h, 257, 6, "ustar");
    h[263] = '0';
    h[264] = '0';
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    put(h, 345, 155, prefix);
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String chk = String.format("%06o", sum);
    put(h, 148, 6, chk);
    h[154] = 0;
    h[155] = ' ';
    out.write(h);
    written += BLOCK;
  }

  /**
   * Whether an entry named {@code name} gets a plain ustar header, with no PAX header before it:
   * ASCII, and short enough for the name field or for a prefix/name split at a slash.
   */
  static boolean fitsUstar(String name) {
    return isAscii(name)
        && (name.getBytes(StandardCharsets.UTF_8).length <= 100 || splitForUstar(name) != null);
  }

  /** Splits an ASCII name into ustar prefix (≤155) and name (≤100) at a slash, or null. */
  private static String[] splitForUstar(String name) {
    if (!isAscii(name) || name.length() > 256) {
      return null;
    }
    for (int i = name.length() - 1; i > 0; i--) {
      if (name.charAt(i) == '/' && i <= 155 && name.length() - i - 1 <= 100) {
        String rest = name.substring(i + 1);
        if (rest.isEmpty()) {
          continue;
        }
        return new String[] {name.substring(0, i), rest};
      }
    }
    return null;
  }

  static byte[] paxRecords(Map<String, String> pax) {
    StringBuilder all = new StringBuilder();
    for (Map.Entry<String, String> e : pax.entrySet()) {
      String body = " " + e.getKey() + "=" + e.getValue() + "\n";
      int bodyLen = body.getBytes(StandardCharsets.UTF_8).length;
      // The length field counts its own digits.
      int len = bodyLen + 1;
      while (len != bodyLen + Integer.toString(len).length()) {
        len = bodyLen + Integer.toString(len).length();
      }
      all.append(len).append(body);
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String baseName(String name) {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return n.substring(n.lastIndexOf('/') + 1);
  }

  private static String truncate(String s, int maxBytes) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < maxBytes; i++) {
      char c = s.charAt(i);
      b.append(c < 0x7f && c != 0 ? c : '_');
    }
    return b.toString();
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, off, Math.min(len, b.length));
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    int digits = len - 1;
    StringBuilder b = new StringBuilder();
    for (int i = s.length(); i < digits; i++) {
      b.append('0');
    }
    b.append(s);
    put(h, off, digits, b.toString());
    h[off + digits] = 0;
  }
}
