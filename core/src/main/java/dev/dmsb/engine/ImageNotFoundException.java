package dev.dmsb.engine;

/** The named image is not in the engine (or not in the registry, for pulls and digests). */
public class ImageNotFoundException extends EngineException {
  private static final long serialVersionUID = 1L;
  private final String image;

  public ImageNotFoundException(String image, String message) {
    super(message);
    this.image = image;
  }

  /** The image reference that was not found. */
  public String image() {
    return image;
  }
}
