package dev.zoomorph.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The viewer page, read once from the classpath so serving it does no disk I/O. */
final class ViewerPage {

  private static final String RESOURCE = "viewer.html";

  private ViewerPage() {}

  static byte[] load() {
    try (InputStream in = ViewerPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource dev/zoomorph/server/" + RESOURCE + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading classpath resource dev/zoomorph/server/" + RESOURCE, e);
    }
  }
}
