package dev.dmsb.verify;

/**
 * One check the verifier ran.
 *
 * @param name a stable identifier ({@code layer-count}, {@code max-size}, {@code base-prefix},
 *     {@code dockerfile-chain}, {@code builder-not-shipped}, {@code forbidden-files}, {@code
 *     builder-files})
 * @param passed whether it held
 * @param message what was expected and what was found
 */
public record Check(String name, boolean passed, String message) {}
