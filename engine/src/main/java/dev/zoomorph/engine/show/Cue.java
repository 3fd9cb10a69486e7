package dev.zoomorph.engine.show;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.ViewSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the controls say as one frame starts: the frame's tick, each control's value then (smoothed controls where
 * their glides have got to) and what happened since the previous frame. {@link LiveShow#cues} makes one per tick;
 * the {@link ShowOperators} make the frame's {@link Scene} from it.
 *
 * @param beat the tempo's beat position as the frame starts
 * @param bpm the tempo then
 * @param program what the playing preset plays (after any switch in {@code events})
 * @param speed trajectory speed: 1 normal, 0 still, negative backwards
 * @param held whether the trajectory is held
 * @param offset added to the trajectory's latent while not held
 * @param direct the latent while held (what hold froze, or what latent messages set since); null while not held
 * @param directions Σ amount × direction of the preset's latent directions: added on top of everything else, so a
 *     hold or a glide never bakes it in
 * @param events what happened since the previous frame, in order
 */
public record Cue(FrameTick tick, double beat, double bpm, Program program, double speed, boolean held,
    Latent offset, @Nullable Latent direct, Latent directions, ViewSpec view, PostSpec post, List<Event> events) {

  public Cue {
    events = List.copyOf(events);
    if (held != (direct != null)) {
      throw new IllegalArgumentException("a held cue has a direct latent, and only a held one");
    }
  }

  /** Something that happened between two frames, which the operators act on once. */
  public sealed interface Event {}

  /**
   * A switch to {@code program}, crossfading over {@code crossfadeSeconds}: latents blend for the same model,
   * frames for another.
   */
  public record Switch(Program program, double crossfadeSeconds) implements Event {}

  /**
   * Keyframe {@code keyframe} is due (on its beat or bar when quantized): the morph goes on from there, gliding; while
   * held, the held latent is that keyframe.
   */
  public record Jump(int keyframe) implements Event {}

  /** The tempo started again from beat 0 (MIDI Start): a beat-locked morph starts again from keyframe 0. */
  public record Restart() implements Event {}
}
