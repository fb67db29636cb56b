package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** dmsb and Testcontainers both bring docker-java: Maven must pick one version, not a mix. */
class DockerJavaVersionsTest {
  private static final String[] ARTIFACTS = {
    "docker-java-api",
    "docker-java-core",
    "docker-java-transport",
    "docker-java-transport-httpclient5",
    "docker-java-transport-zerodep"
  };

  @Test
  void everyDockerJavaArtifactHasTheSameVersion() throws Exception {
    TreeMap<String, String> found = new TreeMap<>();
    for (String artifact : ARTIFACTS) {
      String path = "META-INF/maven/com.github.docker-java/" + artifact + "/pom.properties";
      for (URL url : Collections.list(getClass().getClassLoader().getResources(path))) {
        try (InputStream in = url.openStream()) {
          Properties p = new Properties();
          p.load(in);
          found.put(artifact + " in " + url, p.getProperty("version"));
        }
      }
    }
    assertTrue(found.keySet().stream().anyMatch(k -> k.startsWith("docker-java-api ")), "" + found);
    Set<String> versions = new TreeSet<>(found.values());
    assertEquals(1, versions.size(), "docker-java versions on the class path: " + found);
  }
}
