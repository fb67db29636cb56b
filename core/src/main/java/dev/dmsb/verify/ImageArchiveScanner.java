package dev.dmsb.verify;

import dev.dmsb.image.ImageConfig;
import dev.dmsb.image.ImageContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Turns what an image source streams into an {@link ImageArchive}: each layer tar is read entry by
 * entry as it passes (contents are skipped, never buffered), so memory grows with the number of
 * files, not with the image's bytes.
 */
final class ImageArchiveScanner {
  private ImageArchiveScanner() {}

  /** The archive of a config alone (no files read). */
  static ImageArchive of(ImageConfig config) {
    return of(new ImageContent<ImageArchive.LayerFiles>(config, List.of()));
  }

  /** The archive of a config and its layers' listings. */
  static ImageArchive of(ImageContent<ImageArchive.LayerFiles> content) {
    List<ImageArchive.ConfigEntry> history = new ArrayList<>();
    for (ImageConfig.Step step : content.config().history()) {
      history.add(new ImageArchive.ConfigEntry(step.createdBy(), step.emptyLayer()));
    }
    return new ImageArchive(history, content.config().diffIds(), content.layers());
  }

  /** Lists one layer tar's entries. */
  static ImageArchive.LayerFiles list(InputStream layerTar) throws IOException {
    List<ImageArchive.FileEntry> files = new ArrayList<>();
    // not closed: closing would close the outer archive stream
    TarArchiveInputStream inner = new TarArchiveInputStream(layerTar);
    TarArchiveEntry e;
    while ((e = inner.getNextEntry()) != null) {
      files.add(fileEntry(e));
    }
    return new ImageArchive.LayerFiles(files);
  }

  static ImageArchive.FileEntry fileEntry(TarArchiveEntry e) {
    String path = normalize(e.getName());
    int slash = path.lastIndexOf('/');
    String dir = path.substring(0, slash);
    String base = path.substring(slash + 1);
    if (base.equals(".wh..wh..opq")) {
      return new ImageArchive.FileEntry(dir.isEmpty() ? "/" : dir, 0, ImageArchive.Kind.OPAQUE);
    }
    if (base.startsWith(".wh.")) {
      return new ImageArchive.FileEntry(
          dir + "/" + base.substring(4), 0, ImageArchive.Kind.WHITEOUT);
    }
    ImageArchive.Kind kind;
    if (e.isDirectory()) {
      kind = ImageArchive.Kind.DIRECTORY;
    } else if (e.isSymbolicLink()) {
      kind = ImageArchive.Kind.SYMLINK;
    } else if (e.isLink()) {
      kind = ImageArchive.Kind.HARDLINK;
    } else if (e.isFile()) {
      kind = ImageArchive.Kind.FILE;
    } else {
      kind = ImageArchive.Kind.OTHER;
    }
    return new ImageArchive.FileEntry(path, e.getSize(), kind);
  }

  /** {@code ./etc/} → {@code /etc}. */
  static String normalize(String tarName) {
    String p = tarName;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p.startsWith("/") ? p : "/" + p;
  }
}
