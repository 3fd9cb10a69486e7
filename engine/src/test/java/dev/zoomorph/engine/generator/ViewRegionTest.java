package dev.zoomorph.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ViewRegionTest {

  @Test
  void everyRegionPixelMapsToThePlanePointOfThePixelItCovers() {
    View view = new View(300, 170, 0.25, -0.5, 3.5, 30);
    int[][] regions = {{0, 0, 300, 170}, {0, 0, 64, 64}, {256, 128, 44, 42}, {17, 5, 1, 100}, {299, 169, 1, 1}};
    for (int[] r : regions) {
      View region = view.region(r[0], r[1], r[2], r[3]);
      assertThat(region.width()).isEqualTo(r[2]);
      assertThat(region.height()).isEqualTo(r[3]);
      assertThat(region.rotationDegrees()).isEqualTo(30);
      for (int j = 0; j < r[3]; j += Math.max(1, r[3] / 7)) {
        for (int i = 0; i < r[2]; i += Math.max(1, r[2] / 7)) {
          assertThat(region.planeX(i, j)).isCloseTo(view.planeX(r[0] + i, r[1] + j), within(1e-12));
          assertThat(region.planeY(i, j)).isCloseTo(view.planeY(r[0] + i, r[1] + j), within(1e-12));
        }
      }
    }
  }

  @Test
  void aMovedRegionIsThatRegionOfTheMovedViewAndNoMoveIsTheViewItself() {
    View view = new View(300, 170, 0.25, -0.5, 3.5, 30);
    View moved = view.movedAbout(0.4, -0.3, 2.5, -20, 0.1, 0.05);
    assertThat(moved.zoom()).isCloseTo(8.75, within(1e-12));
    assertThat(moved.rotationDegrees()).isCloseTo(10, within(1e-12));
    int[][] regions = {{0, 0, 64, 64}, {256, 128, 44, 42}, {17, 5, 1, 100}};
    for (int[] r : regions) {
      View movedRegion = view.region(r[0], r[1], r[2], r[3]).movedAbout(0.4, -0.3, 2.5, -20, 0.1, 0.05);
      for (int j = 0; j < r[3]; j += Math.max(1, r[3] / 7)) {
        for (int i = 0; i < r[2]; i += Math.max(1, r[2] / 7)) {
          assertThat(movedRegion.planeX(i, j)).isCloseTo(moved.planeX(r[0] + i, r[1] + j), within(1e-12));
          assertThat(movedRegion.planeY(i, j)).isCloseTo(moved.planeY(r[0] + i, r[1] + j), within(1e-12));
        }
      }
    }
    // The anchor's point, shifted, is what the view's anchor pixel shows after the move.
    View centred = new View(101, 101, 0.4, -0.3, 3.5, 30);
    View shifted = centred.movedAbout(0.4, -0.3, 2.5, -20, 0.1, 0.05);
    assertThat(shifted.planeX(50, 50)).isCloseTo(0.5, within(1e-12));
    assertThat(shifted.planeY(50, 50)).isCloseTo(-0.25, within(1e-12));
    assertThat(view.movedAbout(0.4, -0.3, 1, 0, 0, 0)).isSameAs(view);
  }

  @Test
  void deepZoomRegionsKeepSubPixelPrecision() {
    View view = new View(4096, 4096, 0.3137, -0.2718, 1e9, 0);
    View tile = view.region(3072, 1024, 1024, 1024);
    double pixel = 2.0 / 4096 / 1e9;
    assertThat(tile.planeX(5, 9)).isCloseTo(view.planeX(3077, 1033), within(pixel * 1e-3));
    assertThat(tile.planeY(5, 9)).isCloseTo(view.planeY(3077, 1033), within(pixel * 1e-3));
  }

  @Test
  void rejectsRegionsOutsideTheView() {
    View view = View.of(100, 50);
    assertThatThrownBy(() -> view.region(90, 0, 20, 10)).hasMessageContaining("20x10 at 90,0")
        .hasMessageContaining("100x50");
    assertThatThrownBy(() -> view.region(-1, 0, 5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> view.region(0, 0, 0, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
