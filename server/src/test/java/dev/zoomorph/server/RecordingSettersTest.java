package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A {@link Recording}'s setters refuse a bad value at once, naming the setting and its range, as ShowBuilder's do. */
class RecordingSettersTest {

  @Test
  void badValuesAreRefusedByTheSetterNotAtRun() {
    Recording recording = Zoomorph.record("default");
    assertThatThrownBy(() -> recording.seconds(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seconds must be a positive number, was -1.0");
    assertThatThrownBy(() -> recording.fps(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fps must be a number in (0, 1000], was 0.0");
    assertThatThrownBy(() -> recording.zoom(0, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zoom FROM must be a positive number, was 0.0");
    assertThatThrownBy(() -> recording.zoom(1, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zoom TO must be a positive number, was -1.0");
    assertThatThrownBy(() -> recording.size(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be between 1x1 and 16384x16384, was 0x0");
    assertThatThrownBy(() -> recording.center(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("zoom centre must be finite");
    assertThatThrownBy(() -> recording.rotate(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rotation must be finite");
    assertThatThrownBy(() -> recording.tileSide(8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tile side must be in 16..16384, was 8");
  }
}
