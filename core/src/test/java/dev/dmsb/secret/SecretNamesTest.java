package dev.dmsb.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "API_TOKEN, true",
    "db_password, true",
    "MySecretKey, true",
    "token, true",
    "VERSION, false",
    "PASSWD, false",
    "SECRE_T, false"
  })
  void namesContainingTokenPasswordOrSecretAreSecret(String name, boolean secret) {
    assertThat(SecretNames.isSecret(name)).isEqualTo(secret);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '¦',
      value = {
        // The legacy builder's RUN entry with the build args it used.
        "|2 API_TOKEN=tok123 VERSION=1.0 /bin/sh -c make"
            + " ¦ |2 API_TOKEN=**** VERSION=1.0 /bin/sh -c make",
        // BuildKit's RUN entry.
        "RUN |1 db_password=hunter2 /bin/sh -c ./migrate # buildkit"
            + " ¦ RUN |1 db_password=**** /bin/sh -c ./migrate # buildkit",
        "ARG API_TOKEN=tok123 ¦ ARG API_TOKEN=****",
        "ENV VERSION=1 MY_SECRET=a b c PATH=/bin ¦ ENV VERSION=1 MY_SECRET=**** PATH=/bin",
        "/bin/sh -c #(nop)  ENV PASSWORD=two words ¦ /bin/sh -c #(nop)  ENV PASSWORD=****",
        "LABEL secret.token=\"q u o t e d\" other=x ¦ LABEL secret.token=**** other=x",
        "CMD [\"app\" \"--db-password=pw1\"] ¦ CMD [\"app\" \"--db-password=****\"]",
        // Nothing to hide: names that are not secret, empty values, no assignment.
        "ARG API_TOKEN ¦ ARG API_TOKEN",
        "ARG API_TOKEN= ¦ ARG API_TOKEN=",
        "|1 VERSION=1.0 /bin/sh -c echo $API_TOKEN ¦ |1 VERSION=1.0 /bin/sh -c echo $API_TOKEN",
        "COPY file:abc in /app ¦ COPY file:abc in /app",
        "RUN /bin/sh -c a=1 SECRET=s b=2 ¦ RUN /bin/sh -c a=1 SECRET=**** b=2"
      })
  void secretValuesAreMaskedAndTheRestIsKept(String text, String masked) {
    assertThat(SecretNames.maskAssignments(text)).isEqualTo(masked);
  }
}
