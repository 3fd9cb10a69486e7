package dev.zoomorph.render.record;

import java.nio.file.Path;

/** A PNG folder that lacks frames of its recording; {@link #missing} says which, in the form {@code --frames} takes. */
public final class IncompleteRecordingException extends IllegalArgumentException {

  private final transient FrameRanges missing;

  IncompleteRecordingException(Path folder, FrameRanges missing, int missingCount, int frameCount) {
    super(folder + " is incomplete: " + missingCount + " of its " + frameCount + " frames are missing, frames "
        + missing + "; render them into the folder first (record --frames " + missing + " --resume with the"
        + " recording's options)");
    this.missing = missing;
  }

  /** The frames the folder lacks. */
  public FrameRanges missing() {
    return missing;
  }
}
