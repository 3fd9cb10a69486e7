package dev.zoomorph.server;

/**
 * Child JVM of {@link ServeWindowTest}: runs the command line and prints its exit status, then returns from main
 * without {@code System.exit}, so the JVM ends only if the command left no thread running.
 */
final class ServeExitStatus {
  public static void main(String[] args) {
    System.out.println("exit status " + Main.commandLine().execute(args));
  }
}
