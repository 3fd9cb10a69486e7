package dev.zoomorph.render.record;

/**
 * A PNG folder that holds another recording than this one (other settings, preset, timeline or track), or frames
 * whose recording cannot be told (no manifest): nothing was written into it. Thrown before any work, or, when another
 * worker took the folder at the same moment with other settings, as the run starts.
 */
public final class OtherRecordingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  OtherRecordingException(String message) {
    super(message);
  }
}
