package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.audio.AudioTrack;
import dev.zoomorph.engine.generator.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoomorph record --audio} as a user runs it: a music video of a 128 bpm click track made here, with the
 * bundled {@code audio-pulse} preset (the zoom pulses with the bass).
 */
class RecordAudioTest {
  private static final double FPS = 30;
  private static final double SECONDS = 3;
  private static final List<Double> CLICKS = ClickTrack.times(128, 0.3, SECONDS);

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void aMusicVideoCarriesItsTrackInStepAndItsFramesJumpOnTheClicks() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("clicks.wav"), ClickTrack.pcm(CLICKS, SECONDS, true));

    Path movie = dir.resolve("video.mp4");
    RecordCommandTest.Run mp4 = record(track, movie);
    assertThat(mp4.exitCode()).as(mp4.err()).isZero();
    assertThat(mp4.out()).contains("90 of 90 frames complete");
    assertInStep(movie);

    // Frames as PNG (lossless), twice: the second time in two shards, then resumed after losing frames; every
    // shard analyses the track from its start, so the frames are identical. Then the frames with a click change most.
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(record(track, first).exitCode()).isZero();
    assertThat(record(track, second, "--shard", "2/2").exitCode()).isZero();
    assertThat(record(track, second, "--shard", "1/2").exitCode()).isZero();
    for (int k = 40; k < 50; k++) {
      Files.delete(second.resolve(String.format("frame-%06d.png", k)));
    }
    RecordCommandTest.Run resumed = record(track, second, "--resume");
    assertThat(resumed.out()).contains("90 of 90 frames complete (10 rendered now)");
    assertThat(RecordCommandTest.hashes(second)).isEqualTo(RecordCommandTest.hashes(first)).hasSize(90 + 2);
    assertThat(record(ClickTrack.wav(dir.resolve("other.wav"), ClickTrack.pcm(CLICKS, SECONDS, false)), second,
        "--resume").err()).contains("was recorded to the track clicks.wav (sha256 ");
    assertThat(Files.readString(first.resolve(Recording.AUDIO_SIDECAR))).contains("\"track\":\"clicks.wav\"");
    // The farm's last step: the shards' frames joined into a movie carrying the track they were made to.
    Path farmMovie = dir.resolve("farm.mp4");
    RecordCommandTest.Run unheard = RecordCommandTest.run(new AssembleCommand(), second.toString(), "--out",
        dir.resolve("silent.mp4").toString(), "--quiet");
    assertThat(unheard.exitCode()).isZero();
    assertThat(unheard.err()).contains("recorded to the track clicks.wav").contains("--audio TRACK");
    Path otherTrack = ClickTrack.wav(Files.createDirectories(dir.resolve("elsewhere")).resolve("clicks.wav"),
        ClickTrack.pcm(ClickTrack.times(90, 0.3, SECONDS), SECONDS + 1, true));
    RecordCommandTest.Run wrongTrack = RecordCommandTest.run(new AssembleCommand(), second.toString(), "--out",
        farmMovie.toString(), "--audio", otherTrack.toString(), "--quiet");
    assertThat(wrongTrack.exitCode()).isEqualTo(2);
    assertThat(wrongTrack.err()).contains("frames made to the track clicks.wav");
    assertThat(farmMovie).doesNotExist();
    RecordCommandTest.Run assembled = RecordCommandTest.run(new AssembleCommand(), second.toString(), "--out",
        farmMovie.toString(), "--audio", track.toString(), "--quiet");
    assertThat(assembled.exitCode()).as(assembled.err()).isZero();
    assertInStep(farmMovie);
    List<Double> change = new ArrayList<>();
    Frame previous = DecodedFrames.png(first.resolve("frame-000000.png"));
    change.add(0.0);
    for (int k = 1; k < 90; k++) {
      Frame frame = DecodedFrames.png(first.resolve(String.format("frame-%06d.png", k)));
      change.add(DecodedFrames.meanError(frame, previous));
      previous = frame;
    }
    // A click shows in the frame whose time is nearest it (features describe the middle of their 43 ms window, so
    // a frame may show a sound up to a frame early); calm frames are those 0.3 s after a click and before the next.
    double calm = 0;
    for (int k = 1; k < 90; k++) {
      double t = k / FPS;
      if (CLICKS.stream().noneMatch(c -> c > t - 0.3 && c <= t + 1.5 / FPS)) {
        calm = Math.max(calm, change.get(k));
      }
    }
    assertThat(calm).isGreaterThan(0); // the morph moves between clicks too
    for (double click : CLICKS) {
      int k = (int) Math.round(click * FPS);
      double jump = Math.max(change.get(k), k + 1 < 90 ? change.get(k + 1) : 0);
      assertThat(jump).as("change at the click at %.3f s (calm frames: at most %.1f)", click, calm)
          .isGreaterThan(2 * calm);
    }
  }

  /**
   * A binding that moves the view moves the video, as it moves the live show (the recording's zoom path set it
   * aside): a preset with only a bass → zoom binding records the frames of one with no binding until the first
   * click, then other ones on every click.
   */
  @Test
  @Timeout(120)
  void aBindingToTheZoomPulsesTheVideoOnEveryClick() throws Exception {
    // Clicks in silence: no bass at all before the first.
    Path track = ClickTrack.wav(dir.resolve("clicks.wav"), ClickTrack.pcm(CLICKS, SECONDS, false));
    Map<String, String> pulsing = recordWithBindings(track, "zoom-only",
        "{\"feature\": \"bass\", \"target\": \"/zoomorph/zoom\", \"min\": 1, \"max\": 1.5}");
    Map<String, String> still = recordWithBindings(track, "no-binding", "");
    int firstClick = (int) Math.round(CLICKS.get(0) * FPS);
    for (int k = 0; k < firstClick - 1; k++) {
      String name = String.format("frame-%06d.png", k);
      assertThat(pulsing.get(name)).as("%s, before any sound", name).isEqualTo(still.get(name));
    }
    for (double click : CLICKS) {
      int k = (int) Math.round(click * FPS);
      String name = String.format("frame-%06d.png", k + 1);
      assertThat(pulsing.get(name)).as("%s, after the click at %.3f s", name, click).isNotEqualTo(still.get(name));
    }
  }

  /** The frames' hashes of a music video of a preset with these audio bindings and nothing else moving it. */
  private Map<String, String> recordWithBindings(Path track, String name, String bindings) throws Exception {
    Path preset = Files.writeString(dir.resolve(name + ".json"), """
        {"name": "%s",
         "model": {"kind": "random-cppn", "seed": 20161, "latentSize": 32, "width": 32, "depth": 4, "channels": 3,
                   "scale": 8},
         "trajectory": {"kind": "morph", "seed": 7, "keyframes": 8, "secondsPerSegment": 2, "slerp": true},
         "smoothingSeconds": 0.02,
         "audio": {"releaseSeconds": 0.18, "bindings": [%s]}}
        """.formatted(name, bindings));
    Path out = dir.resolve(name);
    RecordCommandTest.Run run = RecordCommandTest.run(new RecordCommand(), "--preset", preset.toString(), "--size",
        "48x32", "--fps", String.valueOf(FPS), "--backend", "cpu", "--audio", track.toString(), "--out",
        out.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return RecordCommandTest.hashes(out);
  }

  /**
   * The folder's manifest names the track by content: another track of the same name and byte size (other clicks)
   * is refused by a resume and by assemble, and nothing is written.
   */
  @Test
  @Timeout(120)
  void anotherTrackOfTheSameNameAndSizeIsRefused() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("clicks.wav"), ClickTrack.pcm(CLICKS, 1, true));
    Path impostor = ClickTrack.wav(Files.createDirectories(dir.resolve("elsewhere")).resolve("clicks.wav"),
        ClickTrack.pcm(ClickTrack.times(90, 0.2, 1), 1, true));
    assertThat(Files.size(impostor)).isEqualTo(Files.size(track));
    assertThat(Files.mismatch(impostor, track)).isNotNegative();
    Path frames = dir.resolve("frames");
    RecordCommandTest.Run first = record(track, frames, "--frames", "0-1");
    assertThat(first.exitCode()).as(first.err()).isZero();
    Map<String, String> before = RecordCommandTest.hashes(frames);

    RecordCommandTest.Run resumed = record(impostor, frames, "--frames", "2-3", "--resume");
    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err()).contains(frames + " was recorded to the track clicks.wav (sha256 ")
        .contains(", not clicks.wav (sha256 ");
    assertThat(RecordCommandTest.hashes(frames)).isEqualTo(before);

    Path movie = dir.resolve("movie.mp4");
    RecordCommandTest.Run assembled = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--out",
        movie.toString(), "--audio", impostor.toString(), "--quiet");
    assertThat(assembled.exitCode()).isEqualTo(2);
    assertThat(assembled.err()).contains("holds frames made to the track clicks.wav (sha256 ");
    assertThat(movie).doesNotExist();
  }

  /**
   * A byte-identical copy of the track under another name (a farm worker's own copy) is the same track: a resume with
   * it adds the frames, and assemble carries it, the manifest still naming the track it was begun with.
   */
  @Test
  @Timeout(120)
  void aCopyOfTheTrackUnderAnotherNameIsTheSameTrack() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("track.wav"), ClickTrack.pcm(CLICKS, 1, true));
    Path copy = Files.copy(track, dir.resolve("copy.wav"));
    Path frames = dir.resolve("frames");
    RecordCommandTest.Run first = record(track, frames, "--frames", "0-1");
    assertThat(first.exitCode()).as(first.err()).isZero();

    RecordCommandTest.Run resumed = record(copy, frames, "--resume");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("30 of 30 frames complete (28 rendered now)");
    assertThat(Files.readString(frames.resolve(".zoomorph-recording"))).contains("\naudio=track.wav sha256:");

    Path movie = dir.resolve("movie.mp4");
    RecordCommandTest.Run assembled = RecordCommandTest.run(new AssembleCommand(), frames.toString(), "--out",
        movie.toString(), "--audio", copy.toString(), "--quiet");
    assertThat(assembled.exitCode()).as(assembled.err()).isZero();
    assertThat(movie).isNotEmptyFile();
  }

  /**
   * Frames made by a Zoomorph that read the track with a running gain (its manifest has no {@code audio-gain} line)
   * are not resumed with the whole track's reference: the two would mix frames of different loudness.
   */
  @Test
  @Timeout(120)
  void framesReadWithTheOlderRunningGainAreNotResumed() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("clicks.wav"), ClickTrack.pcm(CLICKS, 1, true));
    Path frames = dir.resolve("frames");
    RecordCommandTest.Run first = record(track, frames, "--frames", "0-1");
    assertThat(first.exitCode()).as(first.err()).isZero();
    Path manifest = frames.resolve(".zoomorph-recording");
    String written = Files.readString(manifest);
    assertThat(written).contains("\naudio-gain=whole track, 99.5th percentile\n");
    Files.writeString(manifest, written.replaceAll("audio-gain=[^\n]*\n", ""));
    Map<String, String> before = RecordCommandTest.hashes(frames);

    RecordCommandTest.Run resumed = record(track, frames, "--frames", "2-3", "--resume");
    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err()).contains(frames + " was recorded by an older Zoomorph, which read the track's sound"
        + " with a running gain");
    assertThat(RecordCommandTest.hashes(frames)).isEqualTo(before);
  }

  @Test
  @Timeout(120)
  void aTrackThatIsNotSoundIsRefusedBeforeAnyFrameAndSilenceRendersAtRest() throws Exception {
    Path text = Files.writeString(dir.resolve("song.mp3"), "these are lyrics, not sound\n".repeat(20));
    RecordCommandTest.Run bad = record(text, dir.resolve("bad.mp4"));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("audio track " + text);
    assertThat(dir.resolve("bad.mp4")).doesNotExist();

    Path silence = ClickTrack.wav(dir.resolve("silence.wav"), ClickTrack.pcm(List.of(), 1, false));
    Path frames = dir.resolve("quiet");
    RecordCommandTest.Run quiet = record(silence, frames);
    assertThat(quiet.exitCode()).as(quiet.err()).isZero();
    assertThat(RecordCommandTest.frames(frames)).isEqualTo(30);
    assertThat(Files.readString(frames.resolve(Recording.AUDIO_SIDECAR)))
        .contains("\"level\":0.0").doesNotContain("\"onset\":true");
  }

  /**
   * An MP3 cut short keeps the whole song's length in its header: the video is as long as the sound that decodes, and
   * the run says so, naming the file and both lengths.
   */
  @Test
  @Timeout(120)
  void aTrackCutShortIsAsLongAsItsSoundAndSaysSo() throws Exception {
    Path whole = ClickTrack.mp3(dir.resolve("song.mp3"), ClickTrack.pcm(CLICKS, SECONDS, true));
    Path cut = Files.write(dir.resolve("cut.mp3"), Arrays.copyOf(Files.readAllBytes(whole), 16_000));
    AudioTrack track = AudioTrack.open(cut);
    assertThat(track.statedSeconds()).as("the header's length").isCloseTo(SECONDS, within(0.1));
    assertThat(track.seconds()).as("the sound's").isBetween(0.5, 1.5);

    RecordCommandTest.Run run = record(cut, dir.resolve("cut.mp4"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    long frames = Math.round(track.seconds() * FPS);
    assertThat(run.out()).contains(frames + " of " + frames + " frames complete");
    assertThat(run.err()).contains(String.format(Locale.ROOT, "record: audio track %s: its header says %.2f s, but"
        + " %.2f s of sound decode (is the file cut short?); the recording is %.2f s long, as the sound", cut,
        track.statedSeconds(), track.seconds(), track.seconds()));
    assertThat(record(whole, dir.resolve("whole.mp4")).err()).doesNotContain("header says");
  }

  /** A GIF carries no sound: the track still moves its picture, and the run says the GIF is silent. */
  @Test
  @Timeout(120)
  void aGifOfAMusicVideoSaysItIsSilent() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("clicks.wav"), ClickTrack.pcm(CLICKS, 1, true));
    Path gif = dir.resolve("loop.gif");
    RecordCommandTest.Run run = record(track, gif);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err().strip()).isEqualTo("record: loop.gif carries no sound (a GIF has none): the track clicks.wav"
        + " moves its picture; an .mp4 carries the sound too");
    assertThat(gif).isNotEmptyFile();
  }

  /** A video longer than its track: the run says how far past the end it goes, and that the rest is silent. */
  @Test
  @Timeout(120)
  void aVideoLongerThanItsTrackSaysTheRestIsSilent() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("clicks.wav"), ClickTrack.pcm(CLICKS, 1, true));
    RecordCommandTest.Run run = record(track, dir.resolve("long"), "--seconds", "2.5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err().strip()).isEqualTo("record: the video runs 1.50 s past the end of the track clicks.wav"
        + " (1.00 s long): the rest is silent, and the picture stops moving with it (the preset's audio section hears"
        + " silence)");
    assertThat(record(track, dir.resolve("as-long"), "--seconds", "1").err()).isEmpty();
  }

  /** A track played with a preset that has no audio section moves nothing: the run says so, naming one that has. */
  @Test
  @Timeout(120)
  void aPresetWithoutAnAudioSectionSaysTheTrackMovesNothing() throws Exception {
    Path track = ClickTrack.wav(dir.resolve("clicks.wav"), ClickTrack.pcm(CLICKS, 1, true));
    RecordCommandTest.Run run = RecordCommandTest.run(new RecordCommand(), "--preset", "deep-zoom", "--size", "32x32",
        "--fps", "10", "--backend", "cpu", "--audio", track.toString(), "--out", dir.resolve("deep").toString(),
        "--quiet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err().strip()).startsWith("record: preset deep-zoom has no audio section: the track clicks.wav"
        + " moves nothing in the picture; bundled presets with one: ").contains("audio-pulse")
        .endsWith(" (docs/audio.md)").doesNotContain("\n");
  }

  /** The movie has a video stream of the show's length and an AAC stream as long, within one frame. */
  private static void assertInStep(Path movie) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(movie.toFile())) {
      grabber.start();
      AVFormatContext format = grabber.getFormatContext();
      double video = -1;
      double audio = -1;
      for (int i = 0; i < format.nb_streams(); i++) {
        AVStream stream = format.streams(i);
        double seconds = stream.duration() * avutil.av_q2d(stream.time_base());
        if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
          video = seconds;
        } else if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_AUDIO) {
          assertThat(stream.codecpar().codec_id()).isEqualTo(avcodec.AV_CODEC_ID_AAC);
          audio = seconds;
        }
      }
      assertThat(video).as(movie + ": video").isCloseTo(SECONDS, within(1 / FPS));
      assertThat(audio).as(movie + ": audio against video").isCloseTo(video, within(1 / FPS));
      grabber.stop();
    }
    assertClicksHeard(movie);
  }

  /** The movie's sound is the track's: loud where the track clicks, quiet between clicks (AAC, so not exact). */
  private static void assertClicksHeard(Path movie) {
    AudioTrack sound = AudioTrack.open(movie);
    int rate = sound.sampleRate();
    int channels = sound.channels();
    float[] first = new float[(int) Math.ceil(SECONDS * rate)];
    int[] filled = {0};
    sound.blocks().doOnNext(block -> {
      float[] samples = block.samples();
      for (int i = 0; i < samples.length && filled[0] < first.length; i += channels) {
        first[filled[0]++] = samples[i];
      }
    }).blockLast();
    assertThat(filled[0]).as(movie + ": samples").isGreaterThan((int) ((SECONDS - 1 / FPS) * rate));
    for (double click : CLICKS) {
      assertThat(peak(first, rate, click - 0.02, click + 0.06)).as(movie + ": the click at %.3f s", click)
          .isGreaterThan(0.2);
      assertThat(peak(first, rate, click + 0.2, Math.min(SECONDS, click + 0.4)))
          .as(movie + ": after the click at %.3f s", click).isLessThan(0.05);
    }
    assertThat(peak(first, rate, 0, CLICKS.get(0) - 0.05)).as(movie + ": before the first click").isLessThan(0.05);
  }

  private static double peak(float[] samples, int rate, double from, double to) {
    double peak = 0;
    for (int i = (int) Math.max(0, from * rate); i < Math.min(samples.length, to * rate); i++) {
      peak = Math.max(peak, Math.abs(samples[i]));
    }
    return peak;
  }

  private static RecordCommandTest.Run record(Path track, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("--preset", "audio-pulse", "--size", "64x48", "--fps", "30",
        "--backend", "cpu", "--audio", track.toString(), "--out", out.toString(), "--quiet"));
    args.addAll(List.of(more));
    return RecordCommandTest.run(new RecordCommand(), args.toArray(String[]::new));
  }
}
