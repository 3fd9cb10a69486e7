package dev.zoomorph.engine.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectionTest {
  @TempDir Path dir;

  private static final Direction BOOT = new Direction("fashion-cppn-vae-gan", "0123456789abcdef", "label:7",
      "label:9", 6000, 6000, Latent.of(3, 0, -4));

  @Test
  void roundTripsThroughItsJsonFile() throws Exception {
    Path file = dir.resolve("boot.json");
    BOOT.write(file);
    String json = Files.readString(file);
    assertThat(json).contains("\"modelId\" : \"0123456789abcdef\"", "\"latentSize\" : 3", "\"norm\" : 5.0");
    assertThat(Direction.read(file)).isEqualTo(BOOT);
  }

  @Test
  void aVectorThatDisagreesWithItsLatentSizeIsRefusedSayingSo() {
    byte[] json = ("{\"model\": \"m\", \"modelId\": \"0123456789abcdef\", \"latentSize\": 32, \"fromCount\": 1,"
        + " \"toCount\": 1, \"vector\": [1, 2, 3, 4, 5]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Direction.parse(json, "d.json"))
        .hasMessageContaining("d.json is not a direction: ")
        .hasMessageContaining("its vector has 5 values where its latentSize says 32");
  }

  @Test
  void composesWithLatentArithmetic() {
    Latent z = Latent.of(1, 1, 1);
    assertThat(z.add(BOOT.times(0.5))).isEqualTo(Latent.of(2.5f, 1, -1));
    assertThat(BOOT.norm()).isEqualTo(5.0);
  }

  @Test
  void isRefusedForAnotherModelNamingBoth() {
    assertThat(BOOT.checkFor("boots.safetensors", "0123456789abcdef", 3)).isSameAs(BOOT);
    assertThatThrownBy(() -> BOOT.checkFor("digits-cppn-vae-gan", "fedcba9876543210", 3))
        .hasMessage("the direction was made for model fashion-cppn-vae-gan (id 0123456789abcdef, latent size 3), "
            + "not for digits-cppn-vae-gan (id fedcba9876543210, latent size 3)");
    assertThatThrownBy(() -> BOOT.checkFor("small", "0123456789abcdef", 8)).hasMessageContaining("latent size 8");
  }

  @Test
  void aBadFileIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"model\": \"m\", \"modelId\": \"x\", \"vector\": [1]}");
    assertThatThrownBy(() -> Direction.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("direction file " + file + " is not a direction: fromCount: must be a whole number, was missing");
    Files.writeString(file,
        "{\"model\": \"m\", \"modelId\": \"x\", \"fromCount\": 1, \"toCount\": 1, \"vector\": [1, null]}");
    assertThatThrownBy(() -> Direction.read(file))
        .hasMessage("direction file " + file + " is not a direction: vector[1]: null is not allowed");
    Files.writeString(file, "{\"model\": \"m\",\n \"vector\": [1,]}");
    assertThatThrownBy(() -> Direction.read(file))
        .hasMessageStartingWith("direction file " + file + " is not a direction: not valid JSON: ")
        .hasMessageEndingWith(" at line 2, column 15");
    assertThatThrownBy(() -> Direction.read(dir.resolve("missing.json")))
        .hasMessageContaining("missing.json cannot be read");
  }
}
