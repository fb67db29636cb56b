package dev.dmsb.api;

/**
 * A path present in an image's final filesystem.
 *
 * @param path absolute path
 * @param size bytes (0 for folders and links)
 * @param layer 1-based number of the filesystem layer that last wrote it, oldest first
 * @param directory whether it is a folder
 */
public record ImageFile(String path, long size, int layer, boolean directory) {}
