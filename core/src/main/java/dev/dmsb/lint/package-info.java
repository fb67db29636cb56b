/**
 * What the linter reads from outside the Dockerfile: base image configs for the build checks that
 * need them ({@link dev.dmsb.lint.ResolvedBaseImages}), read through the image-source port from the
 * engine or a registry, as a build resolves them. The check package stays free of both.
 */
package dev.dmsb.lint;
