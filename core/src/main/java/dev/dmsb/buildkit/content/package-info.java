/**
 * The content store a BuildKit client serves on its session (containerd's {@code Content} service)
 * over OCI image layout folders: the blobs of {@code --cache-to/--cache-from type=local} caches,
 * written through checked, resumable ingests, and the folders' {@code index.json}.
 */
package dev.dmsb.buildkit.content;
