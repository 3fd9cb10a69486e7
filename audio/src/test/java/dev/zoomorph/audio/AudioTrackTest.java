package dev.zoomorph.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import dev.zoomorph.engine.show.FrameClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Tracks decode through FFmpeg; their features on a video's timeline are frame-exact and repeatable. */
class AudioTrackTest {
  private static final List<Double> CLICKS = List.of(0.25, 0.75, 1.25, 1.75);

  @Test
  void wavFlacMp3AndOggDecodeToTheirLengthAndOnsets(@TempDir Path dir) throws IOException {
    float[] signal = Signals.clicks(CLICKS, 2, 0.5, 1);
    Path wav = Signals.writeWav(dir.resolve("clicks.wav"), signal);
    Path flac = encode(dir.resolve("clicks.flac"), signal, avcodec.AV_CODEC_ID_FLAC, null);
    Path mp3 = encode(dir.resolve("clicks.mp3"), signal, avcodec.AV_CODEC_ID_MP3, null);
    Path ogg = encode(dir.resolve("clicks.ogg"), signal, avcodec.AV_CODEC_ID_VORBIS, "vorbis");
    for (Path file : List.of(wav, flac, mp3, ogg)) {
      AudioTrack track = AudioTrack.open(file);
      assertThat(track.sampleRate()).as("%s", file).isEqualTo(Signals.RATE);
      assertThat(track.seconds()).as("%s", file).isCloseTo(2, within(0.06));
      AudioAnalyzer analyzer = new AudioAnalyzer(AudioSpec.NONE, track.sampleRate());
      long[] onsets = new long[1];
      track.blocks().doOnNext(block -> analyzer.accept(block, f -> onsets[0] += f.onset() ? 1 : 0)).blockLast();
      assertThat(onsets[0]).as("onsets in %s", file).isEqualTo(CLICKS.size());
    }
  }

  @Test
  void aWavCutShortKeepsItsHeadersLengthAsTheStatedOne(@TempDir Path dir) throws IOException {
    Path whole = Signals.writeWav(dir.resolve("whole.wav"), Signals.clicks(CLICKS, 2, 0.5, 1));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(bytes, bytes.length / 4)); // a copy cut short
    AudioTrack track = AudioTrack.open(cut);
    assertThat(track.seconds()).as("the sound it holds").isCloseTo(0.5, within(0.01));
    assertThat(track.statedSeconds()).as("what its header says (FFmpeg measures a WAV by its size)")
        .isCloseTo(2, within(0.01));
    assertThat(AudioTrack.open(whole).statedSeconds()).isCloseTo(2, within(0.01));
  }

  @Test
  void aFileThatIsNotSoundIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    Path text = Files.writeString(dir.resolve("notes.wav"), "not a sound file at all\n".repeat(50));
    // FFmpeg's reason, without JavaCV's hints to programmers.
    assertThatThrownBy(() -> AudioTrack.open(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audio track " + text + " cannot be read as audio: Invalid data found when processing input");
    // What FFmpeg said while it tried goes into the message (once, though the file is opened more than once), not
    // above it.
    Path mp3 = Files.writeString(dir.resolve("notes.mp3"), "not a sound file at all\n".repeat(50));
    assertThatThrownBy(() -> AudioTrack.open(mp3)).hasMessage("audio track " + mp3 + " cannot be read as audio: "
        + "Invalid data found when processing input (FFmpeg: Failed to find two consecutive MPEG audio frames.)");
    assertThatThrownBy(() -> AudioTrack.open(dir.resolve("absent.flac")))
        .hasMessage("audio track " + dir.resolve("absent.flac") + " does not exist or is not a file");
  }

  /**
   * Random bytes named .mp3 open as an MP3 stream in which FFmpeg finds no frame: one line says the file cannot be read
   * as audio, with what FFmpeg said, and nothing is printed above it.
   */
  @Test
  void randomBytesAreRefusedInOneLineWithWhatFfmpegSaid(@TempDir Path dir) throws IOException {
    byte[] noise = new byte[100_000];
    new SplittableRandom(7).nextBytes(noise);
    Path corrupt = Files.write(dir.resolve("corrupt.mp3"), noise);
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> AudioTrack.open(corrupt)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("audio track " + corrupt + " cannot be read as audio: it has no audio stream FFmpeg decodes"
              + " (FFmpeg: Header missing)");
    } finally {
      System.setErr(stderr);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("FFmpeg's words go into the error, not above it")
        .doesNotContain("ffmpeg");
  }

  @Test
  void featuresOnAVideoTimelineAreFrameExactAndRepeatable(@TempDir Path dir) throws IOException {
    Path wav = Signals.writeWav(dir.resolve("clicks.wav"), Signals.clicks(CLICKS, 2, 0.5, 2));
    AudioTrack track = AudioTrack.open(wav);
    Scheduler analysis = Schedulers.newSingle("test-analysis");
    try {
      List<AudioFeatures> first = FrameFeatures.of(track, AudioSpec.NONE, 24, analysis).take(72).collectList()
          .block();
      List<AudioFeatures> second = FrameFeatures.of(track, AudioSpec.NONE, 24, analysis).take(72).collectList()
          .block();
      assertThat(second).isEqualTo(first);
      for (int k = 0; k < 72; k++) {
        AudioFeatures f = first.get(k);
        assertThat(f.nanos()).isEqualTo(FrameClock.nanosOf(k, 24));
        double t = k / 24.0;
        // An onset shows in the frame that covers it, or the next (frames are 42 ms; onsets land within 30 ms).
        boolean click = CLICKS.stream().anyMatch(c -> c > t - 2 / 24.0 - 0.03 && c <= t + 0.03);
        if (f.onset()) {
          assertThat(click).as("onset in frame %d (%.3f s)", k, t).isTrue();
        }
      }
      assertThat(first.stream().filter(AudioFeatures::onset)).hasSize(CLICKS.size());
      // After the track (2 s) the sound is silence: the features come to rest.
      assertThat(first.get(71).level()).isLessThan(0.01);

      Path json = dir.resolve("audio.json");
      FrameFeatures.writeJson(json, track, AudioSpec.NONE, 24, 72, analysis);
      String text = Files.readString(json);
      assertThat(text).startsWith("{\"track\":\"clicks.wav\",\"fps\":24.0,\"frames\":72,\"bands\":[\"sub\",");
      assertThat(text.split("\"frame\":", -1)).hasSize(73);
    } finally {
      analysis.dispose();
    }
  }

  /** The signal encoded by FFmpeg; Vorbis in stereo (FFmpeg's own encoder takes nothing else), the rest mono. */
  private static Path encode(Path file, float[] signal, int codec, String codecName) throws IOException {
    int channels = codec == avcodec.AV_CODEC_ID_VORBIS ? 2 : 1;
    float[] samples = new float[signal.length * channels];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = signal[i / channels];
    }
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), channels)) {
      recorder.setAudioCodec(codec);
      if (codec == avcodec.AV_CODEC_ID_FLAC) {
        recorder.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
      } else if (codec == avcodec.AV_CODEC_ID_MP3) {
        recorder.setSampleFormat(avutil.AV_SAMPLE_FMT_S16P);
      }
      if (codecName != null) {
        recorder.setAudioCodecName(codecName);
        recorder.setAudioOption("strict", "experimental"); // FFmpeg's own Vorbis encoder
      }
      recorder.setSampleRate(Signals.RATE);
      recorder.setAudioBitrate(128_000);
      recorder.start();
      recorder.recordSamples(Signals.RATE, channels, FloatBuffer.wrap(samples));
      recorder.stop();
    }
    return file;
  }
}
