package dev.dmsb.engine;

/** No engine answered at the address tried. The message names the address and how to start one. */
public class EngineUnreachableException extends EngineException {
  private static final long serialVersionUID = 1L;
  private final String address;

  public EngineUnreachableException(String address, String message, Throwable cause) {
    super(message, cause);
    this.address = address;
  }

  /** The address that was tried. */
  public String address() {
    return address;
  }
}
