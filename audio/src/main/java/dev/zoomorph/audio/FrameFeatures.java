package dev.zoomorph.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zoomorph.engine.files.WholeFiles;
import dev.zoomorph.engine.preset.AudioSpec;
import dev.zoomorph.engine.show.AudioFeatures;
import dev.zoomorph.engine.show.FrameClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * A track's features on a video's own timeline, for rendering a music video frame-exactly: the features of frame k
 * describe the sound up to frame k's time ({@link FrameClock#nanosOf}): the newest analysis frame's values, with
 * every onset and beat since frame k − 1. No wall clock is involved, so the same track gives the same features
 * frame for frame, however fast frames render, and the same for every frame range of it (shards, a resumed render).
 * After the track the sound is silence, so the features come to rest.
 */
public final class FrameFeatures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FrameFeatures() {}

  /**
   * The features of video frames 0, 1, 2, … at {@code fps}, endless (silence after the track), decoded and analysed
   * on {@code analysis} (a thread of their own, never the renderer's) as far ahead as the subscriber asks. Each
   * feature is read against the whole track's reference ({@link AudioAnalyzer#ofTrack}): the track is decoded and
   * analysed once before the first frame comes.
   */
  public static Flux<AudioFeatures> of(AudioTrack track, AudioSpec spec, double fps, Scheduler analysis) {
    return AudioAnalyzer.ofTrack(track, spec).flatMapMany(analyzer -> {
      PerFrame perFrame = new PerFrame(fps, spec.bands().size());
      int silence = analyzer.hop() * 8;
      return Flux.concat(track.blocks(),
              Flux.<PcmBlock>generate(sink -> sink.next(new PcmBlock(track.sampleRate(), 1, new float[silence]))))
          .concatMapIterable(block -> {
            List<AudioFeatures> frames = new ArrayList<>();
            analyzer.accept(block, features -> perFrame.accept(features, frames));
            return frames;
          });
    }).subscribeOn(analysis);
  }

  /**
   * Writes the features of the first {@code frames} video frames to {@code file} as JSON, the sidecar of a PNG
   * sequence: the track, frame rate and band names, then one object per frame. Written beside and moved into
   * place, so a reader never sees half of it.
   *
   * @return the features written, frame by frame, for a recording to move its frames by without analysing the
   *     track again
   * @throws UncheckedIOException if the file cannot be written
   */
  public static List<AudioFeatures> writeJson(Path file, AudioTrack track, AudioSpec spec, double fps, int frames,
      Scheduler analysis) {
    List<AudioFeatures> features = of(track, spec, fps, analysis).take(frames).collectList().block();
    ObjectNode root = JSON.createObjectNode();
    root.put("track", track.file().getFileName().toString());
    root.put("fps", fps);
    root.put("frames", frames);
    ArrayNode bands = root.putArray("bands");
    spec.bandNames().forEach(bands::add);
    ArrayNode list = root.putArray("features");
    for (int k = 0; k < Objects.requireNonNull(features).size(); k++) {
      AudioFeatures f = features.get(k);
      ObjectNode node = list.addObject();
      node.put("frame", k);
      node.put("seconds", f.nanos() / 1e9);
      node.put("level", f.level());
      ArrayNode energies = node.putArray("bands");
      ArrayNode onsets = node.putArray("bandOnsets");
      for (int b = 0; b < f.bandCount(); b++) {
        energies.add(f.band(b));
        onsets.add(f.bandOnset(b));
      }
      node.put("onset", f.onset());
      node.put("onsets", f.onsets());
      node.put("bpm", f.bpm());
      node.put("beat", f.beat());
      node.put("onBeat", f.onBeat());
    }
    // WholeFiles.write leaves other writers' temporary files alone: on a farm, another machine's shard may be
    // writing its own.
    try {
      WholeFiles.write(file, out -> JSON.writeValue(out, root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audio features to " + file, e);
    }
    return features;
  }

  /** Gathers analysis frames into video frames. */
  private static final class PerFrame {
    private final double fps;
    private long frame;
    private AudioFeatures newest;
    private boolean onset;
    private boolean[] bandOnsets;
    private boolean onBeat;

    PerFrame(double fps, int bands) {
      this.fps = fps;
      this.newest = AudioFeatures.silence(bands);
      this.bandOnsets = new boolean[bands];
    }

    /** Takes one analysis frame; adds to {@code out} every video frame it is the first to come after. */
    void accept(AudioFeatures features, List<AudioFeatures> out) {
      while (features.nanos() > FrameClock.nanosOf(frame, fps)) {
        out.add(new AudioFeatures(FrameClock.nanosOf(frame, fps), newest.level(), newest.bands(), onset, bandOnsets,
            newest.onsets(), newest.bpm(), newest.beat(), onBeat));
        frame++;
        onset = false;
        bandOnsets = new boolean[bandOnsets.length];
        onBeat = false;
      }
      newest = features;
      onset |= features.onset();
      onBeat |= features.onBeat();
      for (int b = 0; b < bandOnsets.length; b++) {
        bandOnsets[b] |= features.bandOnset(b);
      }
    }
  }
}
