package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import dev.dmsb.it.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * BuildKit in the 20.10 engine tells a tar from its first 1024 bytes: a context archive must not
 * open with a PAX header. These contexts would, in name order; dmsb sends the Dockerfile first, or,
 * when the Dockerfile's own name needs PAX, the context folder's header.
 */
@Tag(TestEngine.TAG)
class ContextFirstEntryIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  private static final String LONG_NAME = "0" + "x".repeat(150) + ".txt";

  @TempDir Path dir;

  @Test
  void aContextWhoseFirstNamesNeedPaxBuildsWithBuildkitLikeTheDockerCli() throws Exception {
    TestEngine.assumeBuilder(true);
    Files.writeString(dir.resolve(LONG_NAME), "long\n");
    Files.writeString(dir.resolve("Ärger.txt"), "umlaut\n");
    Files.writeString(dir.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nCOPY . /ctx/\n");
    String mine = SUPPORT.imageName("first-entry-pax");
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb("build", "-q", "--builder", "buildkit", "-t", mine, dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String cli = SUPPORT.imageName("first-entry-pax-cli");
    ImageTrees.cliBuild(true, cli, dir.toString());
    Map<String, String> tree = ImageTrees.of(mine);
    assertThat(tree).containsKeys("ctx/" + LONG_NAME, "ctx/Ärger.txt", "ctx/Dockerfile");
    assertThat(tree).isEqualTo(ImageTrees.of(cli));
  }

  @Test
  void aDockerfileWithANonAsciiNameBuildsWithBuildkit() throws Exception {
    TestEngine.assumeBuilder(true);
    Files.writeString(dir.resolve(LONG_NAME), "long\n");
    Files.writeString(dir.resolve("hello.txt"), "hello\n");
    Path df = dir.resolve("Dockerfile.ünïcode");
    Files.writeString(df, "FROM dmsb/busybox:latest\nCOPY hello.txt /hello.txt\n");
    String mine = SUPPORT.imageName("first-entry-named");
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build",
            "-q",
            "--builder",
            "buildkit",
            "-f",
            df.toString(),
            "-t",
            mine,
            dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String cli = SUPPORT.imageName("first-entry-named-cli");
    ImageTrees.cliBuild(true, cli, "-f", df.toString(), dir.toString());
    Map<String, String> tree = ImageTrees.of(mine);
    assertThat(tree).containsKey("hello.txt");
    assertThat(tree).isEqualTo(ImageTrees.of(cli));
  }
}
