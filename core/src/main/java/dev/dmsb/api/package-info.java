/**
 * dmsb's public Java API: build a multi-stage image, verify that only its final stage was kept, and
 * assert on the result, from plain Java or from tests. Start at {@link dev.dmsb.api.Dmsb}.
 *
 * <h2>The rule of this package</h2>
 *
 * <p>No internal type appears in a public signature here. Every type a caller sees (parameters,
 * results, events, exceptions) is declared in this package, is immutable, and is converted from
 * dmsb's internal model ({@code dev.dmsb.build}, {@code dev.dmsb.verify}, {@code
 * dev.dmsb.dockerfile}, {@code dev.dmsb.engine}) at the boundary. The internal packages may change
 * freely; this one changes only compatibly. A test ({@code ApiSurfaceTest}) checks the rule.
 *
 * <p>The library never prints: progress and warnings go to the {@link java.util.function.Consumer}
 * of {@link dev.dmsb.api.DmsbEvent} the caller supplies. Failures are checked exceptions of the
 * {@link dev.dmsb.api.DmsbException} family whose messages say what to do.
 */
package dev.dmsb.api;
