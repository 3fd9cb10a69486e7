package dev.zoomorph.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM on the tests' class path, for tests that run a command the way a user would. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java -cp CLASSPATH -Djava.awt.headless=true [the JavaCPP cache] JVM_OPTIONS MAIN_CLASS ARGS}: the same
   * JDK and class path as the tests, sharing their unpacked native libraries.
   */
  static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true"));
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    command.addAll(jvmOptions);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
