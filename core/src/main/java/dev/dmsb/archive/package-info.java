/**
 * Image archives and layouts, read as streams: {@code docker save}'s layouts (classic, and the OCI
 * layout of Docker 25+ and of the containerd image store), OCI layout folders and their tars.
 * Adapters of the {@link dev.dmsb.image.ImageSource} port; layers are never written to disk.
 */
package dev.dmsb.archive;
