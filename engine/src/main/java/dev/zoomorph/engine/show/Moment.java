package dev.zoomorph.engine.show;

import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.ViewSpec;
import org.jspecify.annotations.Nullable;

/**
 * One frame on its way from its {@link Cue} to its {@link Scene}: the playing preset's latent as the operators so far
 * have made it, how it moved, and the preset fading out during a switch. Made by {@link ShowOperators#play()}.
 *
 * @param keyframe the morph keyframe whose segment is playing (0 without keyframes)
 * @param fade the preset being left, while a switch crossfades; null otherwise
 */
public record Moment(Cue cue, Latent latent, Move move, int keyframe, @Nullable Fade fade) {

  /** How the latent moved since the previous frame, which {@link ShowOperators#glide()} follows. */
  public enum Move {
    /** It moved on along its path. */
    CONTINUE,
    /** It jumped (a keyframe, a restart, a hold let go): the picture glides there from where it was. */
    JUMP,
    /** It is where the picture is (a hold, a switch): a glide under way ends. */
    SETTLE
  }

  /** This moment with {@code latent} in place of its own. */
  public Moment withLatent(Latent latent) {
    return new Moment(cue, latent, move, keyframe, fade);
  }

  /** This moment with {@code latent} in place of its own, having moved as {@code move} says. */
  public Moment with(Latent latent, Move move) {
    return new Moment(cue, latent, move, keyframe, fade);
  }

  /**
   * The preset a switch is leaving, still playing during the crossfade.
   *
   * @param latent its trajectory's latent in this frame
   * @param view its view and {@code post} its post-processing as they were at the switch
   * @param progress how far the crossfade has got, from 0 at the switch towards 1
   * @param blendsFrames whether the two presets' frames are blended (another model) rather than their latents
   */
  public record Fade(Program program, Latent latent, ViewSpec view, PostSpec post, double progress,
      boolean blendsFrames) {}
}
