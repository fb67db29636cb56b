package dev.dmsb.verify;

import java.util.List;
import java.util.Optional;

/** The expected chains of the sample Dockerfiles, as the stage graph gives them. */
final class Chains {
  private Chains() {}

  static ExpectedChain named() {
    return fromBusybox(List.of("1"), step("1", 4, "COPY", "/out/hello.txt /opt/"));
  }

  static ExpectedChain index() {
    return fromBusybox(List.of("1"), step("1", 4, "COPY", "/out /opt/"));
  }

  static ExpectedChain stageBase() {
    return fromBusybox(List.of("2"), step("2", 6, "COPY", "/out /opt/"));
  }

  static ExpectedChain attrib() {
    return fromBusybox(
        List.of("1"),
        step("1", 5, "ARG", "VERSION=1.0"),
        step("1", 6, "WORKDIR", "/app"),
        step("1", 7, "ENV", "APP_HOME=/app MODE=prod"),
        step("1", 8, "LABEL", "org.example.title=\"demo\" org.example.version=1"),
        step("1", 9, "COPY", "/version.txt ./"),
        step("1", 10, "RUN", "echo \"v=$VERSION\" > /app/run.txt"),
        step("1", 11, "USER", "1000"),
        step("1", 12, "EXPOSE", "8080"),
        step("1", 13, "CMD", "[\"/bin/sh\", \"-c\", \"cat /app/run.txt\"]"));
  }

  static ExpectedChain shipped() {
    return fromBusybox(
        List.of("builder", "1"),
        step(
            "builder",
            2,
            "RUN",
            "mkdir -p /src && head -c 300000 /dev/zero > /src/toolchain.bin && echo secret >"
                + " /src/builder-secret.txt"),
        step("builder", 3, "RUN", "echo built > /app.bin"),
        step("1", 5, "COPY", "/app.bin /usr/local/bin/app"),
        step("1", 6, "CMD", "[\"/usr/local/bin/app\"]"));
  }

  static ExpectedStep step(String stage, int line, String keyword, String args) {
    return new ExpectedStep(stage, line, keyword, args);
  }

  static ExpectedChain fromBusybox(List<String> stages, ExpectedStep... steps) {
    return new ExpectedChain(Optional.of(Samples.BUSYBOX), stages, List.of(steps));
  }
}
