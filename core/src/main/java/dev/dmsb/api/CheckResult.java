package dev.dmsb.api;

/**
 * One check the verification ran.
 *
 * @param name a stable id ({@code layer-count}, {@code max-size}, {@code dockerfile-chain}, {@code
 *     builder-not-shipped}, {@code forbidden-files}, ...)
 * @param passed whether it held
 * @param message what was expected and what was found
 */
public record CheckResult(String name, boolean passed, String message) {}
