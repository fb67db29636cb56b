package dev.dmsb.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --pin}'s optional value: {@code --pin=local}, {@code --pin local} or {@code --pin
 * registry} give it; any other next word (the Dockerfile's path) is left for the positional, so
 * that {@code dmsb rewrite --pin Dockerfile} pins with the registry's digests.
 */
final class PinValue implements IParameterPreprocessor {
  @Override
  public boolean preprocess(
      Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
    if ("=".equals(info.get("separator"))) {
      return false; // --pin=value: picocli reads and checks the value
    }
    String next = args.isEmpty() ? null : args.peek();
    if (next != null && (next.equals("registry") || next.equals("local"))) {
      return false;
    }
    argSpec.setValue(EngineDigests.Mode.registry);
    return true;
  }
}
