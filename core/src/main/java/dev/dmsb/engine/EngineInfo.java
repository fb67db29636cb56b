package dev.dmsb.engine;

/**
 * What an engine said about itself.
 *
 * @param serverVersion the engine's version, e.g. {@code 20.10.24}
 * @param apiVersion the highest API version it speaks, e.g. {@code 1.41}
 * @param os operating system of the engine ({@code linux})
 * @param architecture CPU architecture ({@code amd64}), or empty when the engine's {@code /_ping}
 *     said all else and {@code /version} was not asked
 * @param buildkit whether {@code POST /build?version=2} is available
 */
public record EngineInfo(
    String serverVersion, String apiVersion, String os, String architecture, boolean buildkit) {}
