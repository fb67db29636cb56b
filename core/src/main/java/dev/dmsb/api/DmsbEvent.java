package dev.dmsb.api;

/**
 * What dmsb reports while it works. The library never prints; give a handler with {@code
 * onEvent(...)} and render these as you like ({@code event -> log.info(event.toString())}).
 */
public sealed interface DmsbEvent {

  /** A human-readable one-line summary of the event. */
  String message();

  /** A build was submitted to the engine with this backend. */
  record BuildStarted(BuildBackend backend, String dockerfile) implements DmsbEvent {
    @Override
    public String message() {
      return "building "
          + dockerfile
          + " with "
          + backend.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The backend.
     *
     * @deprecated use {@link #backend()}; stays for one release
     */
    @Deprecated(since = "0.1.0")
    public Builder builder() {
      return backend.legacyName();
    }
  }

  /** An external image is pulled before the build. */
  record Pulling(String image) implements DmsbEvent {
    @Override
    public String message() {
      return "pulling " + image;
    }
  }

  /** The builder began a step ({@code [stage0 2/3] RUN tar ...} or {@code Step 2/6 : RUN ...}). */
  record Step(String name, boolean cached) implements DmsbEvent {
    @Override
    public String message() {
      return (cached ? "CACHED " : "") + name;
    }
  }

  /** Output of a build step or of the builder, as the engine sent it (may end in a newline). */
  record Output(String text) implements DmsbEvent {
    @Override
    public String message() {
      return text.stripTrailing();
    }
  }

  /** Something the caller should know: a lint warning, an engine configuration warning. */
  record Warning(String text) implements DmsbEvent {
    @Override
    public String message() {
      return "warning: " + text;
    }
  }

  /** The build context has been sent: {@code entries} archive entries, {@code bytes} of files. */
  record ContextSent(long entries, long bytes) implements DmsbEvent {
    @Override
    public String message() {
      return "sent " + entries + " context entries (" + bytes + " bytes of files)";
    }
  }
}
