package dev.dmsb.build;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads archives back with an independent tar reader (commons-compress). */
final class TarReading {
  private TarReading() {}

  /** One entry as read back. */
  record Entry(TarArchiveEntry header, String content) {}

  static byte[] write(ContextStream stream) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    stream.writeTo(out);
    return out.toByteArray();
  }

  static Map<String, Entry> read(byte[] tar) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String content =
            e.isFile() && !e.isSymbolicLink() && !e.isLink()
                ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                : null;
        entries.put(e.getName(), new Entry(e, content));
      }
    }
    return entries;
  }
}
