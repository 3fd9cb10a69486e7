package dev.zoomorph.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.model.ModelFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {
  @TempDir static Path dir;
  static Path vaeModel;

  @BeforeAll
  static void trainATinyModel() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(16);
    out.writeInt(10);
    out.writeInt(10);
    for (int i = 0; i < 1600; i++) {
      out.writeByte((i % 10) * 25);
    }
    Path data = dir.resolve("data-idx");
    Files.write(data, bytes.toByteArray());
    int code = run("train", "cppn-vae-gan", "--data", data.toString(), "--steps", "2", "--out",
        dir.resolve("vae.safetensors").toString(), "--latent", "4", "--width", "8", "--depth", "2", "--size", "8",
        "--encoder", "16", "--d-filters", "2", "--batch", "4").code;
    assertThat(code).isZero();
    vaeModel = dir.resolve("vae.safetensors");
  }

  /** The trainer's commands as the server's {@code zoomorph} registers them. */
  @CommandLine.Command(name = "zoomorph", subcommands = {TrainCommand.class, SampleCommand.class,
      EncodeCommand.class, MorphCommand.class, EvaluateCommand.class})
  static final class TrainerCommands {}

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TrainerCommands());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void trainRecordsTheCommandInTheModelFile() {
    ModelFile model = ModelFile.read(vaeModel);
    assertThat(model.metadata().command()).startsWith("zoomorph train cppn-vae-gan --data ")
        .endsWith("--batch 4");
    assertThat(model.metadata().encoder().hidden()).containsExactly(16);
  }

  @Test
  void sampleWritesPngsOfTheAskedSize() throws Exception {
    Path out = dir.resolve("samples");
    Run r = run("sample", "--model", vaeModel.toString(), "--count", "3", "--size", "40x30", "--seed", "5",
        "--out", out.toString());
    assertThat(r.code).as(r.err).isZero();
    try (var files = Files.list(out)) {
      assertThat(files.count()).isEqualTo(3);
    }
    BufferedImage first = ImageIO.read(out.resolve("sample-000.png").toFile());
    assertThat(first.getWidth()).isEqualTo(40);
    assertThat(first.getHeight()).isEqualTo(30);
  }

  @Test
  void encodePrintsTheLatentAndMorphWritesAnAnimation() throws Exception {
    BufferedImage a = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    a.getRaster().setSample(10, 10, 0, 255);
    Path png = dir.resolve("a.png");
    ImageIO.write(a, "png", png.toFile());
    Run encoded = run("encode", "--model", vaeModel.toString(), png.toString());
    assertThat(encoded.code).as(encoded.err).isZero();
    assertThat(encoded.out.trim().split(",")).hasSize(4);

    Path gif = dir.resolve("morph.gif");
    Run morph = run("morph", "--model", vaeModel.toString(), "--from", png.toString(), "--to", png.toString(),
        "--out", gif.toString(), "--frames", "6", "--size", "32x32");
    assertThat(morph.code).as(morph.err).isZero();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(6);
    }
  }

  @Test
  void badInputGivesOneClearLine() throws Exception {
    Run missing = run("sample", "--model", "no-such-model", "--out", dir.resolve("x").toString());
    assertThat(missing.code).isEqualTo(1);
    assertThat(missing.err).startsWith("zoomorph sample: no model file no-such-model");
    Path broken = dir.resolve("broken.safetensors");
    Files.write(broken, new byte[] {1, 2, 3});
    Run corrupt = run("encode", "--model", broken.toString(), broken.toString());
    assertThat(corrupt.err).startsWith("zoomorph encode: " + broken + ": truncated");
    Run size = run("sample", "--model", vaeModel.toString(), "--size", "big", "--out", dir.toString());
    assertThat(size.code).isEqualTo(2);
    assertThat(size.err).contains("size must be WxH");
  }
}
