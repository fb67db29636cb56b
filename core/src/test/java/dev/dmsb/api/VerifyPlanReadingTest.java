package dev.dmsb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.image.Platform;
import dev.dmsb.transport.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VerifyPlan}'s registry options: the names and checks of {@code dmsb verify}'s flags. */
class VerifyPlanReadingTest {
  @TempDir Path dir;

  @Test
  void theDefaultsOverrideNothing() throws Exception {
    assertThat(Dmsb.verify("docker://r/a:1").sourceOptions())
        .isEqualTo(SourceOptions.defaults(true));
    assertThat(Dmsb.verify("docker://r/a:1").tlsVerify(false).sourceOptions().tlsVerify())
        .isFalse();
  }

  @Test
  void everyOptionReachesTheSource() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Path auth = Files.writeString(dir.resolve("auth.json"), "{\"auths\":{}}");
    SourceOptions o =
        Dmsb.verify("docker://r/a:1")
            .certDir(certs)
            .creds("dmsb:se:cret")
            .authFile(auth)
            .platform("linux/arm/v7")
            .sourceOptions();
    assertThat(o.certDir()).contains(certs);
    assertThat(o.creds().orElseThrow().username()).isEqualTo("dmsb");
    assertThat(o.creds().orElseThrow().password()).isEqualTo("se:cret");
    assertThat(o.authFile()).contains(auth);
    assertThat(o.platform()).contains(new Platform("linux", "arm", "v7"));
    assertThat(Dmsb.verify("docker://r/a:1").registryToken("tok").sourceOptions().registryToken())
        .contains("tok");
    assertThat(
            Dmsb.verify("oci:" + dir)
                .overrideArch("arm64")
                .overrideVariant("v8")
                .sourceOptions()
                .platform())
        .contains(new Platform(Platform.host().os(), "arm64", "v8"));
    assertThat(Dmsb.verify("oci:" + dir).overrideOs("windows").sourceOptions().platform())
        .contains(new Platform("windows", Platform.host().architecture(), ""));
  }

  @Test
  void malformedValuesFailWhereTheyAreGiven() {
    assertThatThrownBy(() -> Dmsb.verify("docker://r/a").creds("dmsb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "creds(\"dmsb\"): give USER:PASSWORD (the API asks for no password), or use"
                + " authFile(...)");
    assertThatThrownBy(() -> Dmsb.verify("docker://r/a").creds(":pw"))
        .hasMessageContaining("it needs a user name");
    assertThatThrownBy(() -> Dmsb.verify("docker://r/a").platform("amd64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("platform(\"amd64\"): platform 'amd64' is not os/arch[/variant]");
  }

  @Test
  void inconsistentOrMissingOnesFailTheVerification() {
    assertThatThrownBy(() -> Dmsb.verify("docker://r/a").certDir(dir.resolve("no")).verify())
        .isInstanceOf(DmsbException.class)
        .hasMessage("certDir(" + dir.resolve("no") + "): no such folder");
    assertThatThrownBy(() -> Dmsb.verify("docker://r/a").authFile(dir.resolve("a.json")).verify())
        .hasMessage(
            "authFile(" + dir.resolve("a.json") + "): the credentials file is not accessible");
    assertThatThrownBy(() -> Dmsb.verify("docker://r/a").creds("u:p").registryToken("t").verify())
        .hasMessage("creds(...) and registryToken(...) cannot be used together; give one");
    assertThatThrownBy(
            () -> Dmsb.verify("docker://r/a").platform("linux/amd64").overrideOs("linux").verify())
        .hasMessage("platform(...) and overrideOs/overrideArch/overrideVariant(...): give one");
    assertThatThrownBy(() -> Dmsb.verify("docker://r/a").overrideArch("").verify())
        .hasMessageStartingWith("overrideOs/overrideArch/overrideVariant: platform");
  }

  @Test
  void anEnginesImageTakesNone() {
    assertThatThrownBy(() -> Dmsb.verify("app:1").creds("u:p").verify())
        .isInstanceOf(DmsbException.class)
        .hasMessage(
            "certDir, creds, authFile, registryToken, platform and the overrides are for"
                + " docker://, oci:, oci-archive: and docker-archive: images; app:1 is read from"
                + " the engine");
    assertThatThrownBy(() -> Dmsb.verify("docker-daemon:app:1").platform("linux/arm64").verify())
        .hasMessageContaining("docker-daemon:app:1 is read from the engine");
  }
}
