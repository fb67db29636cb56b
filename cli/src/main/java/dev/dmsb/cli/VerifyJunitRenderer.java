package dev.dmsb.cli;

import dev.dmsb.verify.Check;
import dev.dmsb.verify.Evidence;
import dev.dmsb.verify.Finding;
import dev.dmsb.verify.VerifyReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The report as JUnit XML for CI dashboards: one {@code <testcase>} per check, failed checks with a
 * {@code <failure>} that carries the findings and their evidence; warnings go to {@code
 * <system-out>}.
 */
final class VerifyJunitRenderer {
  private VerifyJunitRenderer() {}

  static void render(VerifyReport report, String dockerfile, PrintWriter out) {
    StringWriter buffer = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(buffer);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "dmsb verify " + report.image());
      xml.writeAttribute("tests", String.valueOf(report.checks().size()));
      xml.writeAttribute(
          "failures", String.valueOf(report.checks().stream().filter(c -> !c.passed()).count()));
      xml.writeAttribute("errors", "0");
      xml.writeCharacters("\n");
      for (Check c : report.checks()) {
        testCase(xml, report, c, dockerfile);
      }
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("the report could not be written as JUnit XML", e);
    }
    out.print(buffer);
  }

  private static void testCase(XMLStreamWriter xml, VerifyReport report, Check c, String dockerfile)
      throws XMLStreamException {
    List<Finding> findings =
        report.findings().stream().filter(f -> f.check().equals(c.name())).toList();
    xml.writeCharacters("  ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "dmsb.verify." + report.image());
    xml.writeAttribute("name", c.name());
    if (!c.passed()) {
      xml.writeStartElement("failure");
      xml.writeAttribute("message", c.message());
      xml.writeCharacters(details(findings, dockerfile));
      xml.writeEndElement();
    } else if (!findings.isEmpty()) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(details(findings, dockerfile));
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeCharacters("\n");
  }

  private static String details(List<Finding> findings, String dockerfile) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : findings) {
      sb.append(f.severity())
          .append(' ')
          .append(f.rule())
          .append(": ")
          .append(f.message())
          .append('\n');
      for (Evidence e : f.evidence()) {
        sb.append("  ");
        if (e.path() != null) {
          sb.append(e.path()).append(' ');
        }
        if (e.digest() != null) {
          sb.append(e.digest()).append(' ');
        }
        sb.append(e.size()).append(" bytes");
        if (e.stage() != null) {
          sb.append(" stage ").append(e.stage());
        }
        if (e.line() > 0) {
          sb.append(' ').append(dockerfile).append(':').append(e.line());
        }
        if (e.createdBy() != null) {
          sb.append(" ").append(e.createdBy());
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
