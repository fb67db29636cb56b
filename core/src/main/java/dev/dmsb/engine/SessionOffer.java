package dev.dmsb.engine;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a BuildKit session serves.
 *
 * @param name a name for the session (the context folder's name, as the docker CLI sends it)
 * @param sharedKey a key that stays the same for the same context folder on this machine, so that
 *     the engine finds its copy from the last build and asks only for what changed
 * @param directories the directories the engine may ask for by name
 * @param credentials registry host → credentials, or null for none, asked for when the engine pulls
 * @param secrets the build secrets the engine may ask for by ID
 * @param ssh the SSH agents the engine may forward to, by ID
 * @param output where the engine sends the result (files or a tar archive), or null for the image
 *     store
 * @param cache the build's cache options: the folders of {@code type=local} caches are served as
 *     content stores
 */
public record SessionOffer(
    String name,
    String sharedKey,
    List<SyncedDirectory> directories,
    Function<String, RegistryAuth> credentials,
    List<SecretSource> secrets,
    List<SshSource> ssh,
    BuildOutput output,
    BuildCache cache) {

  /** An offer without secrets. */
  public SessionOffer(
      String name,
      String sharedKey,
      List<SyncedDirectory> directories,
      Function<String, RegistryAuth> credentials) {
    this(name, sharedKey, directories, credentials, List.of(), List.of(), null);
  }

  /** An offer without cache folders. */
  public SessionOffer(
      String name,
      String sharedKey,
      List<SyncedDirectory> directories,
      Function<String, RegistryAuth> credentials,
      List<SecretSource> secrets,
      List<SshSource> ssh,
      BuildOutput output) {
    this(name, sharedKey, directories, credentials, secrets, ssh, output, BuildCache.NONE);
  }

  public SessionOffer {
    secrets = List.copyOf(secrets);
    ssh = List.copyOf(ssh);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sharedKey, "sharedKey");
    directories = List.copyOf(directories);
    if (credentials == null) {
      credentials = registry -> null;
    }
    if (cache == null) {
      cache = BuildCache.NONE;
    }
  }
}
