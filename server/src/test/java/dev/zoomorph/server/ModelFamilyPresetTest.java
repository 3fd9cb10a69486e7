package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.preset.DirectionSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.output.FrameSize;
import dev.zoomorph.render.Backend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/**
 * The bundled VAE-DCGAN preset plays its denoiser ({@code /zoomorph/post/denoise}) and its latent direction
 * ({@code /zoomorph/direction/boot}) live in a show and, frame-exactly, in a recording.
 */
@Timeout(180)
class ModelFamilyPresetTest {
  @TempDir Path dir;

  @Test
  void theDenoiserAndTheDirectionChangeTheLiveShowsFrames() {
    try (Show show = Show.of("fashion-vae-dcgan", new FrameSize(64, 64), 30, Backend.CPU)) {
      FrameByFrame frames = new FrameByFrame(show, Schedulers.parallel());
      assertThat(show.controls().preset().post().denoise()).isEqualTo("fashion-denoiser");
      // A held picture and no smoothing, so only the knobs move it, each in the next frame.
      show.controls().apply(ControlMessage.of("/zoomorph/smoothing", 0f));
      frames.next();
      show.controls().apply(ControlMessage.of("/zoomorph/hold", true));
      Frame denoised = frames.next();
      assertThat(frames.next().pixels()).as("held").isEqualTo(denoised.pixels());
      show.controls().apply(ControlMessage.of("/zoomorph/post/denoise", 0f));
      Frame raw = frames.next();
      assertThat(raw.pixels()).as("denoiser off").isNotEqualTo(denoised.pixels());
      show.controls().apply(ControlMessage.of("/zoomorph/direction/boot", 2f));
      Frame boot = frames.next();
      assertThat(boot.pixels()).as("towards the boots").isNotEqualTo(raw.pixels());
      show.controls().apply(ControlMessage.of("/zoomorph/direction/boot", 0f));
      assertThat(frames.next().pixels()).as("back where it was").isEqualTo(raw.pixels());
    }
  }

  @Test
  void bundledPresetsSavedElsewhereTakeTheirPicturesAndDirectionsAlongAndLoadBack() throws Exception {
    for (String name : new String[] {"fashion-vae-dcgan", "emoji"}) {
      Preset bundled = Presets.load(name);
      Path folder = Files.createDirectories(dir.resolve(name));
      Path file = Presets.save(bundled.withName("mine"), folder);
      assertThat(file).isEqualTo(folder.resolve("mine.json"));
      for (DirectionSpec direction : bundled.directions().values()) {
        assertThat(folder.resolve(direction.file())).as(name).isRegularFile();
        assertThat(Files.getPosixFilePermissions(folder.resolve(direction.file())))
            .as("a copy is as readable as the preset beside it, not owner-only as a temp file")
            .isEqualTo(Files.getPosixFilePermissions(file));
      }
      assertThat(Presets.load(file.toString())).as(name).isEqualTo(bundled.withName("mine"));
    }
    Path emoji = dir.resolve("emoji");
    try (var pictures = Files.list(emoji.resolve("keyframes"))) {
      assertThat(pictures.count()).as("the emoji preset's six keyframe pictures").isEqualTo(6);
    }
  }

  @Test
  void aRecordingPlaysThemFromItsTimelineFrameExactly() throws Exception {
    Path set = dir.resolve("set.txt");
    Files.writeString(set, """
        0.3 /zoomorph/post/denoise 0
        0.6 /zoomorph/direction/boot 2.5
        """, StandardCharsets.UTF_8);
    Path denoiseOnly = dir.resolve("denoise-only.txt");
    Files.writeString(denoiseOnly, "0.3 /zoomorph/post/denoise 0\n", StandardCharsets.UTF_8);
    Path plain = dir.resolve("plain");
    Path played = dir.resolve("played");
    Path undirected = dir.resolve("undirected");
    String[] common = {"--preset", "fashion-vae-dcgan", "--size", "48x48", "--fps", "10", "--seconds", "0.9",
        "--backend", "cpu", "--out"};
    RecordCommandTest.Run first = RecordCommandTest.run(new RecordCommand(), concat(common, plain.toString()));
    assertThat(first.exitCode()).as(first.err()).isZero();
    RecordCommandTest.Run second = RecordCommandTest.run(new RecordCommand(),
        concat(common, played.toString(), "--controls", set.toString()));
    assertThat(second.exitCode()).as(second.err()).isZero();
    RecordCommandTest.Run third = RecordCommandTest.run(new RecordCommand(),
        concat(common, undirected.toString(), "--controls", denoiseOnly.toString()));
    assertThat(third.exitCode()).as(third.err()).isZero();
    Map<String, String> a = RecordCommandTest.hashes(plain);
    Map<String, String> b = RecordCommandTest.hashes(played);
    Map<String, String> c = RecordCommandTest.hashes(undirected);
    for (int f = 0; f < 9; f++) {
      String name = String.format("frame-%06d.png", f);
      if (f < 3) {
        assertThat(b.get(name)).as(name + ", before the timeline").isEqualTo(a.get(name));
      } else {
        assertThat(b.get(name)).as(name + ", denoiser off from 0.3 s").isNotEqualTo(a.get(name));
      }
      if (f < 6) {
        assertThat(b.get(name)).as(name + ", before the direction").isEqualTo(c.get(name));
      } else {
        assertThat(b.get(name)).as(name + ", towards the boots from 0.6 s").isNotEqualTo(c.get(name));
      }
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
