package dev.zoomorph.render.record;

/** Told after every frame a recording finishes (and once at the start, with the frames already done on resume). */
@FunctionalInterface
public interface ProgressListener {

  /** Does nothing. */
  ProgressListener NONE = (done, total) -> { };

  /**
   * @param done frames of this run's share that exist now (rendered, or found complete when resuming)
   * @param total frames of this run's share
   */
  void progress(int done, int total);
}
