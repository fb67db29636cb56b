package dev.dmsb.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code dmsb build}'s options for where the result and the build cache go, in docker buildx's
 * spelling ({@code -o}, {@code --push}, {@code --load}, {@code --cache-from}, {@code --cache-to});
 * {@link OutputOption} and {@link CacheOption} read them.
 */
final class BuildOutputOptions {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "type=TYPE,...|DIR",
      description =
          "Where the result goes instead of the image store (BuildKit): type=local,dest=DIR,"
              + " type=tar,dest=FILE, type=oci|docker,dest=FILE (an OCI layout folder with"
              + " dest=DIR,tar=false), type=image,name=REF,push=true.")
  String output;

  @Option(names = "--push", description = "Push the image named by -t (type=image,push=true).")
  boolean push;

  @Option(
      names = "--load",
      description = "Load the image into the Docker engine (the default on the engine itself).")
  boolean load;

  @Option(
      names = "--cache-from",
      paramLabel = "type=registry,ref=REF",
      description =
          "Import build cache (repeatable): type=registry,ref=REF,"
              + " type=local,src=DIR[,digest=sha256:…|tag=T].")
  List<String> cacheFrom = new ArrayList<>();

  @Option(
      names = "--cache-to",
      paramLabel = "type=registry,ref=REF[,mode=max]|type=inline",
      description =
          "Export build cache (repeatable): type=registry,ref=REF[,mode=max], type=inline,"
              + " type=local,dest=DIR[,mode=max][,compression=gzip|zstd|…].")
  List<String> cacheTo = new ArrayList<>();
}
