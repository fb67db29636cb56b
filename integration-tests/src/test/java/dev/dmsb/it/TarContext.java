package dev.dmsb.it;

import dev.dmsb.engine.BuildContextWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build context made in memory for {@code Engine.build}: text files by name, as a tar. Entries
 * are written in the map's order, so put the Dockerfile first (BuildKit in 20.10 reads the first
 * 1024 bytes to tell a tar; see {@link BuildContextWriter}). Long names get PAX headers.
 */
public final class TarContext {
  private TarContext() {}

  /** A context holding these files (name to text, UTF-8). */
  public static BuildContextWriter of(Map<String, String> files) {
    return out -> write(out, files);
  }

  /** Writes {@code files} (name to text, UTF-8) as a tar to {@code out}. */
  public static void write(OutputStream out, Map<String, String> files) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    for (Map.Entry<String, String> f : files.entrySet()) {
      byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
      entry.setSize(data.length);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    tar.finish();
  }
}
