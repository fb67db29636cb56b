package dev.dmsb.cli;

import dev.dmsb.verify.VerifyReport;
import java.io.PrintWriter;

/** The output formats of {@code dmsb verify}. */
enum VerifyFormat {
  text {
    @Override
    void render(VerifyReport report, PrintWriter out) {
      VerifyTextRenderer.render(report, out);
    }
  },
  json {
    @Override
    void render(VerifyReport report, PrintWriter out) {
      VerifyJsonRenderer.render(report, out);
    }
  },
  junit {
    @Override
    void render(VerifyReport report, PrintWriter out) {
      VerifyJunitRenderer.render(report, out);
    }
  };

  abstract void render(VerifyReport report, PrintWriter out);
}
