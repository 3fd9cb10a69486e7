package dev.zoomorph.engine.show;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.preset.ModelSpec;
import dev.zoomorph.engine.preset.PostSpec;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.TempoSpec;
import dev.zoomorph.engine.preset.TrajectorySpec;
import dev.zoomorph.engine.preset.ViewSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/control.md's address table is the control table's, row for row. */
class ControlDocsTest {
  static final String BEGIN = "<!-- control table: generated from ShowControls; ControlDocsTest checks it -->\n";
  static final String END = "<!-- end of control table -->";

  @Test
  void theDocsTableIsTheControlTable() throws IOException {
    Preset preset = new Preset("docs", "", new ModelSpec.RandomCppn(1, 4, 8, 2, 3, 4f),
        new TrajectorySpec.Morph(3, 4, 2, false), ViewSpec.DEFAULT, 1, TempoSpec.DEFAULT, 0, 1, List.of(),
        PostSpec.NONE);
    String table = new LiveShow(preset, 30, () -> 0).controlTable().markdown();
    Path docs = Path.of("..", "docs", "control.md");
    String text = Files.readString(docs, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String documented = begin < 0 || end < begin ? "" : text.substring(begin + BEGIN.length(), end);
    if (!documented.equals(table)) {
      // What to paste between the markers: the test fails until docs and table agree.
      Path expected = Path.of("target", "control-table.md");
      Files.writeString(expected, table, StandardCharsets.UTF_8);
      assertThat(documented).as("docs/control.md's table (the table as it should be is in engine/" + expected + ")")
          .isEqualTo(table);
    }
  }
}
