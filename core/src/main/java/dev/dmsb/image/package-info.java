/**
 * The image-source port: where an image is read, as opposed to where it is built. An {@link
 * dev.dmsb.image.ImageReference} names the place in skopeo's transport syntax ({@code docker://},
 * {@code oci:}, {@code oci-archive:}, {@code docker-archive:}, {@code docker-daemon:}); an {@link
 * dev.dmsb.image.ImageSource} reads an image's inspect data, history, config and layer streams from
 * it. Adapters live in their own packages ({@code daemon}, {@code archive}, {@code registry}); this
 * package knows none of them.
 */
package dev.dmsb.image;
