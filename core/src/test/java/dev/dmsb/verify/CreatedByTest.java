package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The builders' CreatedBy forms, as recorded from Docker 20.10.24 and 28.5.2 (BuildKit and the
 * legacy builder) and Podman 4.3.1 (Buildah), against Dockerfile text.
 */
class CreatedByTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '§',
      value = {
        // createdBy § keyword § text § metadataOnly
        "COPY /out /opt/ # buildkit§COPY§/out /opt/§false",
        "RUN |1 VERSION=1.0 /bin/sh -c echo \"v=$VERSION\" > /app/run.txt # buildkit§RUN§echo \"v=$VERSION\" > /app/run.txt§false",
        "WORKDIR /app§WORKDIR§/app§false",
        "ENV APP_HOME=/app MODE=prod§ENV§APP_HOME=/app MODE=prod§true",
        "CMD [\"/bin/sh\" \"-c\" \"cat /app/run.txt\"]§CMD§[\"/bin/sh\" \"-c\" \"cat /app/run.txt\"]§true",
        "EXPOSE map[8080/tcp:{}]§EXPOSE§map[8080/tcp:{}]§true",
        "/bin/sh -c #(nop) COPY dir:cfc79834aaddcd9eb68ab892586060acca7430fd926ab8a13c4ed4d8b4d9f6ea in /opt/ §COPY§/opt/§false",
        "/bin/sh -c #(nop)  ENV APP_HOME=/app MODE=prod§ENV§APP_HOME=/app MODE=prod§true",
        "/bin/sh -c #(nop) WORKDIR /app§WORKDIR§/app§false",
        "/bin/sh -c #(nop)  LABEL a.first=1§LABEL§a.first=1§true",
        "|1 VERSION=1.0 /bin/sh -c echo \"v=$VERSION\" > /app/run.txt§RUN§echo \"v=$VERSION\" > /app/run.txt§false",
        "/bin/sh -c echo built > /app.bin§RUN§echo built > /app.bin§false",
        // BuildKit 0.13+ (Docker 26+) writes COPY/ADD flags; 0.25 (Docker 28.5) EXPOSE as a list
        "COPY --chown=1000:1000 --chmod=640 a /b # buildkit§COPY§a /b§false",
        "EXPOSE [53/udp 8080/tcp]§EXPOSE§[53/udp 8080/tcp]§true",
        // Buildah (Podman 4.3.1): one space after #(nop), the instruction as written
        "/bin/sh -c #(nop) EXPOSE 8080 8443/tcp§EXPOSE§8080 8443/tcp§true",
        "/bin/sh -c #(nop) ENV OLD old form value§ENV§OLD old form value§true",
        "/bin/sh -c #(nop) COPY file:ac92a9ca8d91bf730f30ac134d38c02f0d17fc11bf709c802312b65b05d664d8 in ./ §COPY§./§false",
        "|1 MODE=fast /bin/sh -c --mount=type=cache,target=/cache cp /cache/m /m§RUN§cp /cache/m /m§false",
      })
  void readsBothBuildersForms(String createdBy, String keyword, String text, boolean metadata) {
    CreatedBy parsed = CreatedBy.parse(createdBy);

    assertThat(parsed.keyword()).isEqualTo(keyword);
    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.metadataOnly()).isEqualTo(metadata);
  }

  /** The step of a one-instruction Dockerfile, its flags and here-documents included. */
  static ExpectedStep stepOf(String instruction) throws Exception {
    StageGraph graph =
        StageGraph.of(
            Dockerfile.parse("FROM scratch\n" + instruction + "\n"),
            new GraphOptions(Map.of(), null, Semantics.BUILDKIT));
    return ExpectedChains.of(graph).steps().get(0);
  }

  @ParameterizedTest(name = "{1} ~ {0}")
  @CsvSource(
      delimiter = '§',
      value = {
        // createdBy § Dockerfile instruction § agrees ("\\n" stands for a line break)
        // BuildKit 0.25 (Docker 28.5): the flags it writes must be the instruction's
        "COPY --chown=1000:1000 /out /app/out # buildkit§COPY --chown=1000:1000 --from=b /out /app/out§true",
        "COPY --chown=1000:1000 /out /app/out # buildkit§COPY --chown=0:0 --from=b /out /app/out§false",
        "COPY --chown=1000:1000 /out /app/out # buildkit§COPY --from=b /out /app/out§false",
        "COPY --chown=1000:1000 /out /app/out # buildkit§COPY --chown=${UID}:1000 /out /app/out§true",
        "COPY --chown=1000:1000 --chmod=640 a /b # buildkit§COPY --chmod=640 --chown=1000:1000 a /b§true",
        "COPY --parents src/a/b/x.txt /app/tree/ # buildkit§COPY --parents src/a/b/x.txt /app/tree/§true",
        "COPY hello.txt /app/h2.txt # buildkit§COPY --link hello.txt /app/h2.txt§true",
        "ADD --chmod=600 hello.txt /h4 # buildkit§ADD --chmod=600 hello.txt /h4§true",
        "COPY --chmod=755 <<EOF /app/run.sh # buildkit§COPY --chmod=755 <<EOF /app/run.sh\\n#!/bin/sh\\necho hi\\nEOF§true",
        "COPY <<EOT <<EOT2 /app/docs/ # buildkit§COPY <<EOT <<EOT2 /app/docs/\\nfirst\\nEOT\\nsecond\\nEOT2§true",
        // heredoc RUN: the body is run by the shell; with a shebang it is run as a file
        "RUN /bin/sh -c echo one > /a\\necho two > /b\\n # buildkit§RUN <<EOF\\necho one > /a\\necho two > /b\\nEOF§true",
        "RUN /bin/sh -c echo one > /a\\n # buildkit§RUN <<EOF\\necho other > /a\\nEOF§false",
        "RUN |1 V=1 /bin/sh -c /dev/pipes/EOF # buildkit§RUN <<EOF\\n#!/bin/sh\\necho x\\nEOF§true",
        "RUN /bin/sh -c sh <<EOF\\necho viash\\nEOF # buildkit§RUN sh <<EOF\\necho viash\\nEOF§true",
        "RUN /bin/sh -c cp /mnt/a /b # buildkit§RUN --mount=type=bind,from=b,source=/out,target=/mnt cp /mnt/a /b§true",
        "RUN /bin/sh -c echo exec > /e # buildkit§RUN [\"/bin/sh\", \"-c\", \"echo exec > /e\"]§true",
        "RUN /bin/sh -c echo exec > /e # buildkit§RUN echo exec > /e§true",
        "EXPOSE [53/udp 8080/tcp]§EXPOSE 8080 53/udp§true",
        "EXPOSE [53/udp 8080/tcp]§EXPOSE 8080§false",
        // the legacy builder: 20.10 writes --chown against the hash, 28.5 with a space
        "/bin/sh -c #(nop) COPY --chown=1000:1000file:d5e01f9ded2658899111c5b8ae11cf0c8ac54b51891d464eb806b666842816ac in /app/h1.txt §COPY --chown=1000:1000 hello.txt /app/h1.txt§true",
        "/bin/sh -c #(nop) COPY --chown=1000:1000 file:d5e01f9ded2658899111c5b8ae11cf0c8ac54b51891d464eb806b666842816ac in /app/h1.txt §COPY --chown=1000:1000 hello.txt /app/h1.txt§true",
        "/bin/sh -c #(nop) COPY --chown=1000:1000 file:d5e01f9ded2658899111c5b8ae11cf0c8ac54b51891d464eb806b666842816ac in /app/h1.txt §COPY hello.txt /app/h1.txt§false",
        "/bin/sh -c #(nop)  HEALTHCHECK &{[CMD-SHELL true] 30s 3s 0s 0s 0}§HEALTHCHECK --interval=30s CMD true§true",
        // Buildah (Podman 4.3.1): the instruction as written, after one space; RUN keeps its flags
        "/bin/sh -c #(nop) ENV OLD old form value§ENV OLD old form value§true",
        "/bin/sh -c #(nop) ENV A=1 B=\"two words\"§ENV A=1 B=\"two words\"§true",
        "/bin/sh -c #(nop) ENV A=1 B=\"two words\"§ENV A=1 B=\"three words\"§false",
        "/bin/sh -c #(nop) LABEL v=$VERSION§LABEL v=$VERSION§true",
        "/bin/sh -c #(nop) CMD echo shell form§CMD echo shell form§true",
        "/bin/sh -c #(nop) CMD echo shell form§CMD echo other form§false",
        "/bin/sh -c #(nop) ENTRYPOINT [\"/bin/sh\", \"-c\"]§ENTRYPOINT [\"/bin/sh\",\"-c\"]§true",
        "/bin/sh -c #(nop) VOLUME [\"/data\"]§VOLUME [\"/data\"]§true",
        // Buildah's ARG lists the build args given so far, not the instruction's name
        "/bin/sh -c #(nop) ARG VERSION§ARG NOVALUE§true",
        "/bin/sh -c #(nop) WORKDIR sub§WORKDIR sub§true",
        "/bin/sh -c #(nop) EXPOSE 8080 8443/tcp 53/udp§EXPOSE 8080 8443/tcp 53/udp§true",
        "|1 MODE=fast /bin/sh -c --mount=type=cache,target=/cache echo hi > /m§RUN --mount=type=cache,target=/cache echo hi > /m§true",
        "|1 MODE=fast /bin/sh -c --mount=type=cache,target=/cache echo hi > /m§RUN echo hi > /m§false",
        "|1 VERSION=1.0 /bin/sh -c [\"/bin/sh\", \"-c\", \"echo exec\"]§RUN [\"/bin/sh\", \"-c\", \"echo exec\"]§true",
        // a build arg's value with a space, as Docker 28.5's BuildKit and legacy builder write it
        "RUN |1 MSG=hello world /bin/sh -c echo \"$MSG\" > /m # buildkit§RUN echo \"$MSG\" > /m§true",
        "|1 MSG=hello world /bin/sh -c echo \"$MSG\" > /m§RUN echo \"$MSG\" > /m§true",
      })
  void matchesTodaysFormsWithFlagsAndHereDocuments(
      String createdBy, String instruction, boolean agrees) throws Exception {
    ExpectedStep step = stepOf(instruction.replace("\\n", "\n"));

    assertThat(StepText.agrees(step, CreatedBy.parse(createdBy.replace("\\n", "\n"))))
        .isEqualTo(agrees);
  }

  @ParameterizedTest(name = "{1} {2} ~ {0}")
  @CsvSource(
      delimiter = '§',
      value = {
        "COPY /out /opt/ # buildkit§COPY§/out /opt/§true",
        "COPY /out /opt/ # buildkit§COPY§/out /srv/§false",
        "COPY /app.jar /srv/app.jar # buildkit§COPY§/app.jar ${DEST}§true",
        "/bin/sh -c #(nop) COPY file:992000006d7d13e9b7a6687bf26f7c418a72d75c6288d85dccfb92512ff8acd7 in /usr/local/bin/app §COPY§[\"/app.bin\", \"/usr/local/bin/app\"]§true",
        "/bin/sh -c #(nop) COPY file:992000006d7d13e9b7a6687bf26f7c418a72d75c6288d85dccfb92512ff8acd7 in /usr/local/bin/app §COPY§/app.bin /usr/bin/app§false",
        "RUN /bin/sh -c make # buildkit§RUN§make§true",
        "RUN /bin/sh -c make # buildkit§RUN§make install§false",
        "RUN /bin/busybox --install -s /bin # buildkit§RUN§[\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]§true",
        "LABEL org.example.title=demo org.example.version=1§LABEL§org.example.title=\"demo\" org.example.version=1§true",
        "/bin/sh -c #(nop)  ENV A=1 B=two words§ENV§A=1 B=\"two words\"§true",
        "/bin/sh -c #(nop)  ENV JAVA_HOME=/opt/java§ENV§JAVA_HOME /opt/java§true",
        "ENV A=1§ENV§A=2§false",
        "CMD [\"/bin/sh\" \"-c\" \"cat /app/run.txt\"]§CMD§[\"/bin/sh\", \"-c\", \"cat /app/run.txt\"]§true",
        "/bin/sh -c #(nop)  CMD [\"/bin/sh\" \"-c\" \"serve --port 80\"]§CMD§serve --port 80§true",
        "CMD [\"/usr/local/bin/app\"]§ENTRYPOINT§[\"/usr/local/bin/app\"]§false",
        "EXPOSE map[8080/tcp:{}]§EXPOSE§8080§true",
        "/bin/sh -c #(nop)  EXPOSE 8080§EXPOSE§8080/tcp§true",
        "/bin/sh -c #(nop)  EXPOSE 8080§EXPOSE§9090§false",
        "WORKDIR /app§WORKDIR§/app§true",
        "USER 1000§USER§1000§true",
        "ARG VERSION=1.0§ARG§VERSION§true",
      })
  void matchesInstructionsByKindAndText(
      String createdBy, String keyword, String arguments, boolean agrees) {
    ExpectedStep step = new ExpectedStep("s", 1, keyword, arguments);

    assertThat(StepText.agrees(step, CreatedBy.parse(createdBy))).isEqualTo(agrees);
  }
}
