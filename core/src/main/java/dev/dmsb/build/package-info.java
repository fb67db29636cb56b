/**
 * Building an image: the build context streamed as a tar ({@link dev.dmsb.build.ContextStream}),
 * {@code .dockerignore} with Docker's semantics ({@link dev.dmsb.build.DockerIgnore}), pruning to
 * the files COPY/ADD can use ({@link dev.dmsb.build.ContextSelection}), and the build itself
 * ({@link dev.dmsb.build.ImageBuild}) reporting progress to a listener. Nothing here prints.
 */
package dev.dmsb.build;
