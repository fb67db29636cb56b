package dev.dmsb.cli;

import dev.dmsb.cli.progress.ProgressRenderer;
import java.util.Locale;
import picocli.CommandLine;

/** Reads {@code --progress auto|tty|plain|json}. */
final class ProgressModeConverter implements CommandLine.ITypeConverter<ProgressRenderer.Mode> {
  @Override
  public ProgressRenderer.Mode convert(String value) {
    try {
      return ProgressRenderer.Mode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a progress mode; use auto, tty, plain or json");
    }
  }
}
