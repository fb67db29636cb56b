package dev.dmsb.engine.docker;

import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.ImageNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Creates {@code dmsb/busybox:latest} from Debian's static busybox when it is missing. */
final class BaseImage {
  private BaseImage() {}

  static void ensure(Engine engine) throws Exception {
    try {
      engine.inspect("dmsb/busybox:latest");
      return;
    } catch (ImageNotFoundException e) {
      // build it below
    }
    Path busybox = Path.of("/bin/busybox");
    byte[] dockerfile =
        ("FROM scratch\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    BuildOutcome outcome =
        engine.build(
            new BuildRequest(
                BuilderKind.BUILDKIT,
                "Dockerfile",
                List.of("dmsb/busybox:latest"),
                null,
                Map.of(),
                Map.of(),
                false,
                false,
                null,
                null,
                Map.of()),
            out -> {
              TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
              TarArchiveEntry df = new TarArchiveEntry("Dockerfile");
              df.setSize(dockerfile.length);
              tar.putArchiveEntry(df);
              tar.write(dockerfile);
              tar.closeArchiveEntry();
              TarArchiveEntry bb = new TarArchiveEntry("busybox");
              bb.setSize(Files.size(busybox));
              bb.setMode(0100755);
              tar.putArchiveEntry(bb);
              Files.copy(busybox, tar);
              tar.closeArchiveEntry();
              tar.finish();
            },
            event -> {});
    if (!outcome.succeeded()) {
      throw new IllegalStateException("cannot create dmsb/busybox:latest: " + outcome.error());
    }
  }
}
