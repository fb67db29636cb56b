package dev.dmsb.api;

/** An image that was named (to verify, or as a Dockerfile's base) is not in the engine. */
public class ImageMissingException extends DmsbException {
  private static final long serialVersionUID = 1L;
  private final String image;

  public ImageMissingException(String image, String message, Throwable cause) {
    super(message, cause);
    this.image = image;
  }

  /** The image reference that is missing. */
  public String image() {
    return image;
  }
}
