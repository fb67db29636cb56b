package dev.dmsb.cli;

import dev.dmsb.verify.VerifyReport;
import java.io.PrintWriter;

/** The output formats of {@code dmsb verify}. */
enum VerifyFormat {
  text {
    @Override
    void render(VerifyReport report, String dockerfile, PrintWriter out) {
      VerifyTextRenderer.render(report, dockerfile, out);
    }
  },
  json {
    @Override
    void render(VerifyReport report, String dockerfile, PrintWriter out) {
      VerifyJsonRenderer.render(report, out);
    }
  },
  junit {
    @Override
    void render(VerifyReport report, String dockerfile, PrintWriter out) {
      VerifyJunitRenderer.render(report, dockerfile, out);
    }
  };

  /** Renders {@code report}; lines are named {@code <dockerfile>:<line>}, as diagnostics are. */
  abstract void render(VerifyReport report, String dockerfile, PrintWriter out);
}
