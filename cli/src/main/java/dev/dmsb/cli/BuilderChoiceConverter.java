package dev.dmsb.cli;

import dev.dmsb.build.BuilderChoice;
import java.util.Locale;
import picocli.CommandLine;

/** Reads {@code --builder buildkit|legacy|buildah|auto}. */
final class BuilderChoiceConverter implements CommandLine.ITypeConverter<BuilderChoice> {
  @Override
  public BuilderChoice convert(String value) {
    try {
      return BuilderChoice.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a builder; use buildkit, legacy or auto");
    }
  }
}
