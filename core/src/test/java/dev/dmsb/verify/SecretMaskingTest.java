package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Secret-named values in an image's history (build args the builder recorded, ENV and ARG values)
 * never reach a report: not the rows, not the evidence, not the messages. Attribution still sees
 * the real text.
 */
class SecretMaskingTest {
  static final String TOKEN = "tok-1234567";
  static final String PASSWORD = "hunter2-pw";
  static final String MISSING = "zzz-unsent";

  static List<HistoryEntry> history() {
    return List.of(
        entry("COPY app /app # buildkit", 100),
        entry("ARG API_TOKEN=" + TOKEN, 0),
        entry("RUN |1 API_TOKEN=" + TOKEN + " /bin/sh -c ./fetch # buildkit", 50),
        // Not in the Dockerfile: a foreign entry, quoted as evidence.
        entry("ENV DB_PASSWORD=" + PASSWORD, 0));
  }

  static HistoryEntry entry(String createdBy, long size) {
    return new HistoryEntry("<missing>", 0, createdBy, List.of(), size, "");
  }

  static FakeEngine engine() {
    ImageDetails details =
        new ImageDetails(
            "sha256:" + "5".repeat(64),
            List.of("secret:test"),
            List.of(),
            "",
            150,
            List.of("sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64)),
            Map.of(),
            "linux",
            "amd64");
    return new FakeEngine().add("secret:test", details, history());
  }

  static ExpectedChain chain() {
    return new ExpectedChain(
        Optional.empty(),
        List.of("1"),
        List.of(
            new ExpectedStep("1", 2, "COPY", "app /app"),
            new ExpectedStep("1", 3, "ARG", "API_TOKEN"),
            new ExpectedStep("1", 4, "RUN", "./fetch"),
            // Written in the Dockerfile but absent from the image: quoted in a message.
            new ExpectedStep("1", 5, "ENV", "OTHER_SECRET=" + MISSING)));
  }

  @Test
  void secretValuesAreHiddenInRowsEvidenceAndMessages() throws Exception {
    VerifyReport report =
        ImageVerifier.verify(engine(), VerifyRequest.of("secret:test").withExpected(chain()));

    assertThat(report.rows().get(1).line()).as("attributed with the real text").isEqualTo(3);
    assertThat(report.rows().get(2).line()).isEqualTo(4);
    assertThat(report.rows())
        .extracting(HistoryRow::createdBy)
        .containsExactly(
            "COPY app /app # buildkit",
            "ARG API_TOKEN=****",
            "RUN |1 API_TOKEN=**** /bin/sh -c ./fetch # buildkit",
            "ENV DB_PASSWORD=****");
    assertThat(report.findings())
        .extracting(Finding::rule)
        .containsExactlyInAnyOrder("foreign-layer", "missing-step");
    assertThat(report.findings().stream().flatMap(f -> f.evidence().stream()))
        .anySatisfy(e -> assertThat(e.createdBy()).isEqualTo("ENV DB_PASSWORD=****"));
    assertThat(report.toString())
        .contains("OTHER_SECRET=****")
        .doesNotContain(TOKEN)
        .doesNotContain(PASSWORD)
        .doesNotContain(MISSING);
  }
}
