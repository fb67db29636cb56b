package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.buildkit.BuildkitAddress;
import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.BuildOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** buildx's output and cache syntax, and buildctl's daemon address, with their errors. */
class BuildkitOptionsTest {

  @Test
  void outputsInBuildxSyntax() {
    assertThat(OutputOption.parse("type=oci,dest=app.tar"))
        .isEqualTo(new BuildOutput("oci", Path.of("app.tar"), Map.of()));
    assertThat(OutputOption.parse("type=docker,dest=app.tar,name=app:1"))
        .isEqualTo(new BuildOutput("docker", Path.of("app.tar"), Map.of("name", "app:1")));
    assertThat(OutputOption.parse("type=image,name=r/app:1,push=true"))
        .isEqualTo(new BuildOutput("image", null, Map.of("name", "r/app:1", "push", "true")));
    assertThatThrownBy(() -> OutputOption.parse("type=oci"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("it needs dest=FILE");
    assertThatThrownBy(() -> OutputOption.parse("type=image,dest=x"))
        .hasMessageContaining("name=REF, not to dest");
    assertThatThrownBy(() -> OutputOption.parse("type=local,dest=d,name=x"))
        .hasMessageContaining("unknown key 'name'");
  }

  @Test
  void pushAndLoadAreShorthands() {
    assertThat(OutputOption.of(null, true, false, List.of("r/app:1")))
        .isEqualTo(new BuildOutput("image", null, Map.of("push", "true")));
    assertThat(OutputOption.of(null, false, true, List.of()))
        .isEqualTo(new BuildOutput("docker", null, Map.of()));
    assertThat(OutputOption.of(null, false, false, List.of())).isNull();
    assertThatThrownBy(() -> OutputOption.of(null, true, false, List.of()))
        .hasMessageContaining("--push needs -t");
    assertThatThrownBy(() -> OutputOption.of("out", true, false, List.of("a")))
        .hasMessageContaining("give one");
  }

  @Test
  void cacheInBuildxSyntax() {
    BuildCache cache =
        CacheOption.of(
            List.of("type=registry,ref=r/app:cache", "r/app:other"),
            List.of("type=registry,ref=r/app:cache,mode=max", "type=inline"));
    assertThat(cache.imports())
        .containsExactly(
            new BuildCache.Entry("registry", Map.of("ref", "r/app:cache")),
            new BuildCache.Entry("registry", Map.of("ref", "r/app:other")));
    assertThat(cache.exports())
        .containsExactly(
            new BuildCache.Entry("registry", Map.of("ref", "r/app:cache", "mode", "max")),
            new BuildCache.Entry("inline", Map.of()));
    assertThatThrownBy(() -> CacheOption.parse("type=registry", "--cache-to"))
        .hasMessageContaining("--cache-to type=registry: type=registry needs ref=REF");
    assertThatThrownBy(() -> CacheOption.parse("type=registry,ref=x,mode=all", "--cache-to"))
        .hasMessageContaining("mode is min or max");
    assertThatThrownBy(() -> CacheOption.parse("type=gha", "--cache-from"))
        .hasMessageContaining("not gha");
  }

  @Test
  void localCacheAsBuildxSpellsIt() {
    assertThat(CacheOption.parse("type=local,dest=d,mode=max,compression=zstd", "--cache-to"))
        .isEqualTo(
            new BuildCache.Entry(
                "local", Map.of("dest", "d", "mode", "max", "compression", "zstd")));
    assertThat(CacheOption.parse("type=local,src=d", "--cache-from"))
        .isEqualTo(new BuildCache.Entry("local", Map.of("src", "d")));
    String digest = "sha256:" + "ab".repeat(32);
    assertThat(CacheOption.parse("type=local,src=d,digest=" + digest, "--cache-from"))
        .isEqualTo(new BuildCache.Entry("local", Map.of("src", "d", "digest", digest)));
    assertThat(CacheOption.parse("type=local,src=d,tag=v1", "--cache-from").attrs())
        .containsEntry("tag", "v1");
  }

  @Test
  void badLocalCacheSpellingsSayWhatToWrite() {
    assertThatThrownBy(() -> CacheOption.parse("type=local,src=d", "--cache-to"))
        .hasMessage(
            "--cache-to type=local,src=d: type=local exports to dest=DIR, not src=d; e.g."
                + " --cache-to type=local,dest=DIR");
    assertThatThrownBy(() -> CacheOption.parse("type=local,dest=d", "--cache-from"))
        .hasMessageContaining("type=local imports from src=DIR, not dest=d")
        .hasMessageEndingWith("e.g. --cache-from type=local,src=DIR");
    assertThatThrownBy(() -> CacheOption.parse("type=local", "--cache-to"))
        .hasMessageContaining("type=local needs dest=DIR");
    assertThatThrownBy(() -> CacheOption.parse("type=local,dest=", "--cache-to"))
        .hasMessageContaining("type=local needs dest=DIR");
    assertThatThrownBy(() -> CacheOption.parse("type=local,dest=d,mode=all", "--cache-to"))
        .hasMessageContaining("mode is min or max");
    assertThatThrownBy(() -> CacheOption.parse("type=local,dest=d,ref=x", "--cache-to"))
        .hasMessageContaining("unknown key 'ref' for --cache-to type=local (compression,");
    assertThatThrownBy(() -> CacheOption.parse("type=local,src=d,digest=abc", "--cache-from"))
        .hasMessageContaining("digest=abc is not a sha256:<64 hex digits> digest");
    assertThatThrownBy(
            () ->
                CacheOption.parse(
                    "type=local,src=d,tag=t,digest=sha256:" + "0".repeat(64), "--cache-from"))
        .hasMessageContaining("give digest= or tag=, not both");
    assertThatThrownBy(() -> CacheOption.parse("type=local,dest=d,compression=lz4", "--cache-to"))
        .hasMessageContaining("compression is gzip, estargz, zstd or uncompressed, not lz4");
  }

  @Test
  void daemonAddresses() {
    BuildkitOptions o = new BuildkitOptions();
    assertThat(o.address(Map.of())).isNull();
    assertThat(o.address(Map.of("BUILDKIT_HOST", "unix:///run/bk.sock")).socket())
        .isEqualTo(Path.of("/run/bk.sock"));
    o.host = "tcp://127.0.0.1:1234";
    o.caCert = Path.of("ca.pem");
    BuildkitAddress a = o.address(Map.of("BUILDKIT_HOST", "unix:///other"));
    assertThat(a.host()).isEqualTo("127.0.0.1");
    assertThat(a.port()).isEqualTo(1234);
    assertThat(a.tls().caCert()).isEqualTo(Path.of("ca.pem"));
    o.host = "docker-container://buildkitd";
    assertThatThrownBy(() -> o.address(Map.of()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unix:// or tcp://");
    o.host = "tcp://127.0.0.1";
    assertThatThrownBy(() -> o.address(Map.of())).hasMessageContaining("needs a host and a port");
    o.host = null;
    assertThatThrownBy(() -> o.address(Map.of())).hasMessageContaining("need a BuildKit daemon");
    o.host = "tcp://h:1";
    o.cert = Path.of("c.pem");
    assertThatThrownBy(() -> o.address(Map.of())).hasMessageContaining("go together");
  }
}
