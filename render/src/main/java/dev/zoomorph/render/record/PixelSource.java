package dev.zoomorph.render.record;

import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.render.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What decides a recording's pixels besides its {@link RecordSettings}: the backend that draws it, the preset it plays,
 * the latent trajectory's seed and the timeline of control messages. A PNG folder's manifest records it, so a resume
 * or another shard that would draw other pixels is refused.
 *
 * @param backend the backend that draws, as resolved on this machine ({@link Backend#GL} or {@link Backend#CPU},
 *     never AUTO: AUTO picks either, and their frames differ in the last bits)
 * @param preset the preset's name, for messages
 * @param presetSha256 the preset's content as loaded, before a seed replaced its own (hex SHA-256, {@code
 *     Presets.sha256})
 * @param seed the latent trajectory's seed, the preset's or the one that replaced it
 * @param timeline the timeline's file name, or null for none
 * @param timelineSha256 the timeline's content and that of the presets it switches to (hex SHA-256), or null for none
 */
public record PixelSource(Backend backend, String preset, String presetSha256, long seed, @Nullable String timeline,
    @Nullable String timelineSha256) {

  public PixelSource {
    if (backend == Backend.AUTO) {
      throw new IllegalArgumentException("a recording names the backend that drew it, gl or cpu, not auto");
    }
    if ((timeline == null) != (timelineSha256 == null)) {
      throw new IllegalArgumentException("a timeline needs both its name and its digest");
    }
  }

  /** The SHA-256 (hex) of {@code file}'s bytes, read a block at a time (a sound track may be large). */
  public static String sha256(Path file) {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] block = new byte[1 << 16];
      for (int n = in.read(block); n >= 0; n = in.read(block)) {
        digest.update(block, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(e), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }
}
