package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.TestCertificates;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmsb build --buildkit-host} against a standalone buildkitd through the Control API: a
 * multi-stage build pushed to the registry (the printed ID is the pushed manifest's digest) with
 * the same tree as buildctl's build of the same, archives, mutual TLS and wrong TLS material, a
 * registry that refuses the push, a failing step mapped to its line, an unreachable daemon.
 */
@Tag(BuildkitdSupport.TAG)
class BuildkitdIT {
  private static final String REGISTRY = "127.0.0.1:5000";

  @TempDir Path dir;
  Path context;

  @BeforeEach
  void seed() throws Exception {
    context = Files.createDirectories(dir.resolve("ctx"));
    Files.createDirectories(context.resolve("src"));
    Files.writeString(context.resolve("src/hello.txt"), "hello " + UUID.randomUUID() + "\n");
    Files.writeString(context.resolve("src/unused.txt"), "not copied\n");
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM 127.0.0.1:5000/dmsb/busybox:latest AS builder
        COPY src/hello.txt /work/hello.txt
        RUN cp /work/hello.txt /work/out.txt && echo built >> /work/out.txt
        FROM 127.0.0.1:5000/dmsb/busybox:latest
        COPY --from=builder /work/out.txt /app/out.txt
        RUN chmod 0640 /app/out.txt
        """);
  }

  private static DmsbBuildIT.Run dmsb(String... args) {
    return DmsbBuildIT.dmsb(args);
  }

  @Test
  void pushedImageIsNamedByItsManifestDigestAndItsTreeIsBuildctls() throws Exception {
    String host = BuildkitdSupport.unixHost();
    String ref =
        REGISTRY + "/dmsb-it/buildkitd-seed:" + UUID.randomUUID().toString().substring(0, 8);
    Path iid = dir.resolve("iid");
    DmsbBuildIT.Run pushed =
        dmsb(
            "build",
            "--buildkit-host",
            host,
            "--push",
            "-t",
            ref,
            "--iidfile",
            iid.toString(),
            "--progress",
            "plain",
            context.toString());
    assertThat(pushed.exit()).as(pushed.err()).isZero();
    String digest = pushed.out().strip();
    assertThat(digest).startsWith("sha256:").isEqualTo(manifestDigest(ref));
    assertThat(Files.readString(iid).strip()).isEqualTo(digest);
    assertThat(pushed.err())
        .contains("[stage-1 2/3] COPY --from=builder /work/out.txt /app/out.txt");

    Path ours = dir.resolve("ours.tar");
    DmsbBuildIT.Run tar =
        dmsb(
            "build",
            "--buildkit-host",
            host,
            "--no-cache",
            "-q",
            "-o",
            "type=tar,dest=" + ours,
            context.toString());
    assertThat(tar.exit()).as(tar.err()).isZero();
    Path theirs = dir.resolve("theirs.tar");
    buildctl(host, "--no-cache", "--output", "type=tar,dest=" + theirs);
    assertThat(tree(ours)).isEqualTo(tree(theirs)).containsKey("app/out.txt");
  }

  @Test
  void archivesAreImagesInTheirFormats() throws Exception {
    String host = BuildkitdSupport.unixHost();
    Path oci = dir.resolve("app-oci.tar");
    Path docker = dir.resolve("app-docker.tar");
    assertThat(
            dmsb(
                    "build",
                    "--buildkit-host",
                    host,
                    "-q",
                    "-o",
                    "type=oci,dest=" + oci,
                    context.toString())
                .exit())
        .isZero();
    assertThat(
            dmsb(
                    "build",
                    "--buildkit-host",
                    host,
                    "-q",
                    "-o",
                    "type=docker,dest=" + docker + ",name=dmsb-it/app:1",
                    context.toString())
                .exit())
        .isZero();
    assertThat(tree(oci)).containsKeys("oci-layout", "index.json");
    assertThat(tree(docker)).containsKey("manifest.json");
  }

  @Test
  void mutualTlsOverTcp() throws Exception {
    String host = BuildkitdSupport.tcpHost();
    Path tls = BuildkitdSupport.tls();
    DmsbBuildIT.Run run =
        dmsb(
            "build",
            "--buildkit-host",
            host,
            "--buildkit-tlscacert",
            tls.resolve("ca.pem").toString(),
            "--buildkit-tlscert",
            tls.resolve("cert.pem").toString(),
            "--buildkit-tlskey",
            tls.resolve("key.pem").toString(),
            "--buildkit-tlsservername",
            "buildkitd",
            "-q",
            "-o",
            "type=local,dest=" + dir.resolve("out"),
            context.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Files.readString(dir.resolve("out/app/out.txt"))).endsWith("built\n");
  }

  @Test
  void wrongTlsMaterialSaysWhichSideRefused() throws Exception {
    String host = BuildkitdSupport.tcpHost();
    Path tls = BuildkitdSupport.tls();
    TestCertificates other = new TestCertificates(dir.resolve("other"));
    Path otherCa = other.authority("other-ca");
    Path otherClient = other.signed("other-client", "other-ca", TestCertificates.CLIENT);
    Path otherKey = dir.resolve("other/other-client-key.pem");

    // The daemon refuses a client certificate its authority did not sign.
    DmsbBuildIT.Run theyRefuse =
        dmsb(
            "build",
            "--buildkit-host",
            host,
            "--buildkit-tlscacert",
            tls.resolve("ca.pem").toString(),
            "--buildkit-tlscert",
            otherClient.toString(),
            "--buildkit-tlskey",
            otherKey.toString(),
            "--buildkit-tlsservername",
            "buildkitd",
            "-q",
            context.toString());
    assertThat(theyRefuse.exit()).isEqualTo(1);
    assertThat(theyRefuse.err())
        .contains("the BuildKit daemon at " + host + " refused dmsb's TLS certificate");

    // dmsb refuses a daemon certificate that the given authority did not sign.
    DmsbBuildIT.Run weRefuse =
        dmsb(
            "build",
            "--buildkit-host",
            host,
            "--buildkit-tlscacert",
            otherCa.toString(),
            "--buildkit-tlscert",
            tls.resolve("cert.pem").toString(),
            "--buildkit-tlskey",
            tls.resolve("key.pem").toString(),
            "-q",
            context.toString());
    assertThat(weRefuse.exit()).isEqualTo(1);
    assertThat(weRefuse.err())
        .contains("dmsb refused the TLS certificate of the BuildKit daemon at " + host);
  }

  @Test
  void aRegistryThatRefusesThePushFailsTheBuild() throws Exception {
    String ref = "127.0.0.1:5001/dmsb-it/refused:1";
    DmsbBuildIT.Run run =
        dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "--push",
            "-t",
            ref,
            "-q",
            context.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("failed to push " + ref).contains("401 Unauthorized");
  }

  @Test
  void aFailingStepIsMappedToItsLine() throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM 127.0.0.1:5000/dmsb/busybox:latest\nRUN echo first\nRUN echo broken >&2 && exit 3\n");
    DmsbBuildIT.Run run =
        dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "--progress",
            "plain",
            context.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("Dockerfile:3:1").contains("broken").contains("exit code: 3");
  }

  @Test
  void noOutputWarnsAndAnUnreachableDaemonExitsThree() throws Exception {
    DmsbBuildIT.Run none =
        dmsb("build", "--buildkit-host", BuildkitdSupport.unixHost(), "-q", context.toString());
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(none.err()).contains("will only remain in its build cache");
    String gone = "unix://" + dir.resolve("none.sock");
    DmsbBuildIT.Run unreachable = dmsb("build", "--buildkit-host", gone, "-q", context.toString());
    assertThat(unreachable.exit()).isEqualTo(3);
    assertThat(unreachable.err()).contains("Cannot reach a BuildKit daemon at " + gone);
  }

  @Test
  void severalTargetsInOneSessionArePushedEachUnderItsTags() throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM 127.0.0.1:5000/dmsb/busybox:latest AS base
        COPY src/hello.txt /hello.txt
        FROM base AS a
        RUN echo a > /which
        FROM base AS b
        RUN echo b > /which
        """);
    String id = UUID.randomUUID().toString().substring(0, 8);
    String refA = REGISTRY + "/dmsb-it/buildkitd-a:" + id;
    String refB = REGISTRY + "/dmsb-it/buildkitd-b:" + id;
    DmsbBuildIT.Run run =
        dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "--target",
            "a",
            "--target",
            "b",
            "-t",
            "a=" + refA,
            "-t",
            "b=" + refB,
            "--push",
            "-v",
            "--progress",
            "plain",
            context.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .containsExactly("a " + manifestDigest(refA), "b " + manifestDigest(refB));
    assertThat(run.err()).contains("serves 2 targets");
    assertThat(run.err().lines().filter(l -> l.startsWith("context: sent"))).hasSize(1);

    Path a = dir.resolve("a.tar");
    assertThat(
            dmsb(
                    "build",
                    "--buildkit-host",
                    BuildkitdSupport.unixHost(),
                    "--target",
                    "a",
                    "-q",
                    "-o",
                    "type=tar,dest=" + a,
                    context.toString())
                .exit())
        .isZero();
    assertThat(tree(a)).containsKeys("which", "hello.txt");
    DmsbBuildIT.Run bare =
        dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "--target",
            "a",
            "--target",
            "b",
            "-t",
            refA,
            context.toString());
    assertThat(bare.exit()).isEqualTo(2);
    assertThat(bare.err()).contains("TARGET=REF");
  }

  @Test
  void cacheRoundTripsThroughARegistryToAnotherDaemon() throws Exception {
    String empty = BuildkitdSupport.emptyHost();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String cache = REGISTRY + "/dmsb-it/buildkitd-cache:" + id;
    DmsbBuildIT.Run export =
        dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "-q",
            "--cache-to",
            "type=registry,ref=" + cache + ",mode=max",
            context.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    DmsbBuildIT.Run imported =
        dmsb(
            "build",
            "--buildkit-host",
            empty,
            "--progress",
            "plain",
            "--cache-from",
            "type=registry,ref=" + cache,
            context.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.err())
        .contains("importing cache manifest from " + cache)
        .containsPattern("RUN cp /work/hello.txt[^\n]*\n#\\d+ CACHED")
        .containsPattern("RUN chmod 0640 /app/out.txt\n#\\d+ CACHED");
  }

  @Test
  void inlineCacheTravelsWithThePushedImage() throws Exception {
    String empty = BuildkitdSupport.emptyHost();
    String ref =
        REGISTRY + "/dmsb-it/buildkitd-inline:" + UUID.randomUUID().toString().substring(0, 8);
    DmsbBuildIT.Run pushed =
        dmsb(
            "build",
            "--buildkit-host",
            BuildkitdSupport.unixHost(),
            "-q",
            "--push",
            "-t",
            ref,
            "--cache-to",
            "type=inline",
            context.toString());
    assertThat(pushed.exit()).as(pushed.err()).isZero();
    DmsbBuildIT.Run imported =
        dmsb(
            "build",
            "--buildkit-host",
            empty,
            "--progress",
            "plain",
            "--cache-from",
            ref,
            context.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.err()).containsPattern("RUN chmod 0640 /app/out.txt\n#\\d+ CACHED");
  }

  private void buildctl(String host, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BuildkitdSupport.buildctl().toString(),
                "--addr",
                host,
                "build",
                "--frontend",
                "dockerfile.v0",
                "--local",
                "context=" + context,
                "--local",
                "dockerfile=" + context));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** Path to mode, size and content hash of every entry (times left out: they differ by run). */
  static Map<String, String> tree(Path tar) throws Exception {
    Map<String, String> entries = new TreeMap<>();
    try (InputStream in = Files.newInputStream(tar);
        TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(t.readAllBytes());
        String name = e.getName().replaceAll("^\\./", "").replaceAll("/$", "");
        entries.put(
            name,
            Integer.toOctalString(e.getMode())
                + " "
                + e.getSize()
                + " "
                + e.getLinkName()
                + " "
                + HexFormat.of().formatHex(sha.digest()));
      }
    }
    return entries;
  }

  private static String manifestDigest(String ref) throws Exception {
    int slash = ref.indexOf('/');
    int colon = ref.lastIndexOf(':');
    String url =
        "http://"
            + ref.substring(0, slash)
            + "/v2/"
            + ref.substring(slash + 1, colon)
            + "/manifests/"
            + ref.substring(colon + 1);
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header(
                        "Accept",
                        "application/vnd.oci.image.index.v1+json,"
                            + "application/vnd.oci.image.manifest.v1+json,"
                            + "application/vnd.docker.distribution.manifest.v2+json")
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return r.headers().firstValue("Docker-Content-Digest").orElse("");
  }
}
