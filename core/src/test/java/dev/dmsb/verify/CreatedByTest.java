package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both builders' CreatedBy forms, as recorded from Docker 20.10.24, against Dockerfile text. */
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
      })
  void readsBothBuildersForms(String createdBy, String keyword, String text, boolean metadata) {
    CreatedBy parsed = CreatedBy.parse(createdBy);

    assertThat(parsed.keyword()).isEqualTo(keyword);
    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.metadataOnly()).isEqualTo(metadata);
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
