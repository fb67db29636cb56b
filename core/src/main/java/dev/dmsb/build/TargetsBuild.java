package dev.dmsb.build;

import dev.dmsb.engine.BuildHost;
import dev.dmsb.engine.BuildSession;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.SessionOffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Several targets of one Dockerfile built at once, as {@code docker buildx bake} builds them: one
 * session serves the context and the Dockerfile to every build (so the context is sent once, and
 * BuildKit shares the steps the targets have in common), and the builds run concurrently. The first
 * failure cancels the others.
 */
final class TargetsBuild {
  private final BuildHost host;

  TargetsBuild(BuildHost host) {
    this.host = host;
  }

  /** Builds {@code specs} (the same context and Dockerfile, a target each), in that order. */
  List<BuildResult> build(
      List<BuildSpec> specs,
      DockerIgnore ignore,
      Consumer<BuildProgress> listener,
      Cancellation cancellation)
      throws BuildFailedException, ContextException, EngineException {
    SessionOffer offer = SessionContext.offer(specs.get(0), ignore);
    // The session's traffic is said once, for all the targets together.
    Consumer<BuildProgress> serial =
        p -> {
          if (!(p instanceof BuildProgress.ContextSent)) {
            synchronized (this) {
              listener.accept(p);
            }
          }
        };
    Cancellation all = Cancellation.create();
    try (Cancellation.Registration r = cancellation.onCancel(all::cancel);
        BuildSession session = host.sessions().orElseThrow().open(offer)) {
      serial.accept(
          new BuildProgress.Transport(
              "BuildKit session " + session.id() + " serves " + specs.size() + " targets"));
      ExecutorService pool = Executors.newFixedThreadPool(specs.size(), daemonThreads());
      try {
        List<Future<BuildResult>> running = new ArrayList<>();
        SessionBuild one = new SessionBuild(host);
        for (BuildSpec spec : specs) {
          running.add(
              pool.submit(
                  () -> {
                    try {
                      return one.inSession(spec, session, serial, all);
                    } catch (Exception e) {
                      all.cancel(); // the first failure stops the others
                      throw e;
                    }
                  }));
        }
        List<BuildResult> results = new ArrayList<>();
        Exception first = null;
        for (Future<BuildResult> f : running) {
          try {
            results.add(f.get());
          } catch (ExecutionException e) {
            Exception cause =
                e.getCause() instanceof Exception x ? x : new EngineException(e.toString());
            if (first == null || first instanceof dev.dmsb.engine.OperationCancelledException) {
              first = cause;
            }
          }
        }
        dev.dmsb.engine.SessionTraffic traffic = session.traffic();
        listener.accept(
            new BuildProgress.ContextSent(
                new ContextStats(traffic.entries(), traffic.fileBytes(), traffic.bytesSent(), -1),
                specs.get(0).contextSources().isPresent()));
        if (first != null) {
          throwAs(first);
        }
        return results;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        all.cancel();
        throw new dev.dmsb.engine.OperationCancelledException("the builds were interrupted");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void throwAs(Exception e)
      throws BuildFailedException, ContextException, EngineException {
    if (e instanceof BuildFailedException b) {
      throw b;
    }
    if (e instanceof ContextException c) {
      throw c;
    }
    if (e instanceof EngineException x) {
      throw x;
    }
    throw new EngineException("a target's build failed: " + e, e);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "dmsb-target-build");
      t.setDaemon(true);
      return t;
    };
  }
}
