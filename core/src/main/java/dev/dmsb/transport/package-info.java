/**
 * Opens the image source an {@link dev.dmsb.image.ImageReference} names, as containers/image's
 * transports do: the one place that knows every adapter of the image-source port.
 */
package dev.dmsb.transport;
