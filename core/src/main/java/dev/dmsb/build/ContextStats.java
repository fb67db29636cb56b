package dev.dmsb.build;

/**
 * What a {@link ContextStream} sent.
 *
 * @param entries archive entries written (files, folders, links)
 * @param fileBytes bytes of file content sent
 * @param archiveBytes bytes of the tar stream, headers and padding included
 * @param contextBytes bytes of file content in the whole context after {@code .dockerignore}, or -1
 *     when not measured (pruning without measuring)
 */
public record ContextStats(long entries, long fileBytes, long archiveBytes, long contextBytes) {}
