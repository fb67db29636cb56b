package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEvent;
import dev.dmsb.api.DmsbException;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.api.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API on a standalone buildkitd: push and verify from the registry, outputs, errors. */
@Tag(BuildkitdSupport.TAG)
class BuildkitApiIT {
  @TempDir Path dir;
  Path context;

  @BeforeEach
  void seed() throws Exception {
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(context.resolve("hello.txt"), "hello " + UUID.randomUUID() + "\n");
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM 127.0.0.1:5000/dmsb/busybox:latest AS builder
        COPY hello.txt /work/hello.txt
        RUN cp /work/hello.txt /work/out.txt
        FROM 127.0.0.1:5000/dmsb/busybox:latest
        COPY --from=builder /work/out.txt /app/out.txt
        """);
  }

  @Test
  void pushedAndVerifiedFromTheRegistryByTheDigest() throws Exception {
    String repo = "127.0.0.1:5000/dmsb-it/api-buildkitd";
    String ref = repo + ":" + UUID.randomUUID().toString().substring(0, 8);
    BuiltImage image =
        Dmsb.build(context)
            .buildkitHost(BuildkitdSupport.unixHost())
            .tag(ref)
            .push()
            .expect(VerifyExpectations.none().forbid("/work/**"))
            .build();
    assertThat(image.id()).startsWith("sha256:");
    assertThat(image.tags()).containsExactly(ref);
    VerifyResult verified = image.verification().orElseThrow();
    assertThat(verified.image()).isEqualTo(repo + "@" + image.id());
    assertThat(verified.passed()).as(verified.report()).isTrue();
    assertThat(verified.attributed()).isTrue();
  }

  @Test
  void outputWritesTheFinalStagesFiles() throws Exception {
    Path out = dir.resolve("out");
    BuiltImage image =
        Dmsb.build(context)
            .buildkitHost(BuildkitdSupport.unixHost())
            .output("type=local,dest=" + out)
            .build();
    assertThat(image.id()).isEmpty();
    assertThat(Files.readString(out.resolve("app/out.txt"))).startsWith("hello ");
  }

  @Test
  void aLocalCacheFolderIsWrittenAndReadThroughTheApi() throws Exception {
    Path cache = dir.resolve("cache");
    Dmsb.build(context)
        .buildkitHost(BuildkitdSupport.unixHost())
        .cacheTo("type=local,dest=" + cache + ",mode=max")
        .output("type=tar,dest=" + dir.resolve("first.tar"))
        .build();
    assertThat(cache.resolve("index.json")).content().contains("\"latest\"");
    List<DmsbEvent.Step> steps = new CopyOnWriteArrayList<>();
    Dmsb.build(context)
        .buildkitHost(BuildkitdSupport.emptyHost())
        .cacheFrom("type=local,src=" + cache)
        .output("type=tar,dest=" + dir.resolve("second.tar"))
        .onEvent(
            e -> {
              if (e instanceof DmsbEvent.Step s) {
                steps.add(s);
              }
            })
        .build();
    assertThat(steps)
        .filteredOn(s -> s.name().contains("RUN cp /work/hello.txt /work/out.txt"))
        .isNotEmpty()
        .allMatch(DmsbEvent.Step::cached);
  }

  @Test
  void mistakesAreSaidInTheApisWords() {
    assertThatThrownBy(() -> Dmsb.build(context).cacheTo("type=local,src=" + dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type=local exports to dest=DIR");
    assertThatThrownBy(() -> Dmsb.build(context).output("type=oci"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output(\"type=oci\"): it needs dest=FILE");
    assertThatThrownBy(() -> Dmsb.build(context).cacheTo("type=registry"))
        .hasMessageContaining("type=registry needs ref=REF");
    assertThatThrownBy(
            () -> Dmsb.build(context).buildkitHost(BuildkitdSupport.unixHost()).push().build())
        .isInstanceOf(DmsbException.class)
        .hasMessageContaining("push() needs a tag(...)");
    assertThatThrownBy(
            () ->
                Dmsb.build(context)
                    .buildkitHost("unix://" + dir.resolve("none.sock"))
                    .output("type=tar,dest=" + dir.resolve("o.tar"))
                    .build())
        .isInstanceOf(DmsbException.class)
        .hasMessageContaining(
            "Cannot reach a BuildKit daemon at unix://" + dir.resolve("none.sock"));
  }
}
