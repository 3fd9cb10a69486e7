package dev.zoomorph.engine.control.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Throws 100k random and mutated packets at the decoder: only {@link OscFormatException} may come out, and whatever
 * decodes must re-encode to bytes that decode to the same packet.
 */
class OscCodecFuzzTest {
  private static final int PACKETS = 100_000;
  private static final int MUTANTS_PER_PACKET = 8;

  @Test
  void onlyFormatExceptionsEscapeTheDecoder() {
    SplittableRandom random = new SplittableRandom(0x05C_F022L);
    Map<Mutation, int[]> outcomes = new EnumMap<>(Mutation.class);
    byte[] valid = null;
    for (int i = 0; i < PACKETS; i++) {
      if (i % MUTANTS_PER_PACKET == 0) {
        valid = OscCodec.encode(OscSamples.randomPacket(random, 3));
      }
      Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
      byte[] packet = mutation.apply(valid, random);
      int[] counts = outcomes.computeIfAbsent(mutation, m -> new int[2]);
      OscPacket decoded;
      try {
        decoded = OscCodec.decode(packet);
      } catch (OscFormatException e) {
        if (e.offset() < 0 || e.offset() > packet.length) {
          fail(mutation + ": offset " + e.offset() + " outside the " + packet.length + "-byte packet: " + e);
        }
        counts[1]++;
        continue;
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError(mutation + " of " + Arrays.toString(packet) + " escaped as " + e, e);
      }
      counts[0]++;
      if (!OscCodec.decode(OscCodec.encode(decoded)).equals(decoded)) {
        fail(mutation + ": " + decoded + " does not survive re-encoding");
      }
    }
    // Every mutation must have produced some refused packets, and the untouched ones must all decode.
    outcomes.forEach((mutation, counts) -> {
      if (mutation == Mutation.NONE) {
        assertThat(counts[1]).as("valid packets refused").isZero();
      } else {
        assertThat(counts[1]).as("%s refused", mutation).isPositive();
      }
    });
    assertThat(outcomes.values().stream().mapToInt(counts -> counts[0] + counts[1]).sum()).isEqualTo(PACKETS);
  }

  private enum Mutation {
    NONE {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        return packet;
      }
    },
    TRUNCATE {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        return Arrays.copyOf(packet, random.nextInt(packet.length));
      }
    },
    TRUNCATE_ALIGNED {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        return Arrays.copyOf(packet, random.nextInt(packet.length / 4) * 4);
      }
    },
    FLIP_BYTES {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        byte[] copy = packet.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
      }
    },
    /** Turns a zero byte (most are padding or NUL terminators) into something else. */
    BREAK_PADDING {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        byte[] copy = packet.clone();
        for (int tries = 0; tries < copy.length; tries++) {
          int at = random.nextInt(copy.length);
          if (copy[at] == 0) {
            copy[at] = (byte) (1 + random.nextInt(255));
            break;
          }
        }
        return copy;
      }
    },
    /** Replaces a byte after a ',' (a type tag, in messages) with a random printable character. */
    BAD_TYPE_TAG {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        byte[] copy = packet.clone();
        for (int i = 0; i + 1 < copy.length; i++) {
          if (copy[i] == ',' && random.nextBoolean()) {
            copy[i + 1] = (byte) (' ' + random.nextInt(95));
          }
        }
        return copy;
      }
    },
    /** Writes a huge or negative size (blob sizes, bundle element sizes) at an aligned offset. */
    HUGE_SIZE {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        byte[] copy = packet.clone();
        int[] sizes = {Integer.MAX_VALUE, Integer.MIN_VALUE, -4, 1 << 30, 65_536, copy.length + 4};
        ByteBuffer.wrap(copy).putInt(random.nextInt(copy.length / 4) * 4, sizes[random.nextInt(sizes.length)]);
        return copy;
      }
    },
    /** Splices random bytes (NaN and infinity patterns among them) into an aligned position. */
    SPLICE {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        byte[] junk = random.nextBoolean() ? OscSamples.randomBytes(random, 4 * (1 + random.nextInt(4)))
            : ByteBuffer.allocate(4).putFloat(random.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY).array();
        int at = random.nextInt(packet.length / 4 + 1) * 4;
        byte[] copy = new byte[packet.length + junk.length];
        System.arraycopy(packet, 0, copy, 0, at);
        System.arraycopy(junk, 0, copy, at, junk.length);
        System.arraycopy(packet, at, copy, at + junk.length, packet.length - at);
        return copy;
      }
    },
    RANDOM {
      @Override
      byte[] apply(byte[] packet, SplittableRandom random) {
        byte[] bytes = OscSamples.randomBytes(random, random.nextInt(64));
        if (bytes.length > 0) {
          bytes[0] = (byte) "/#x".charAt(random.nextInt(3));
        }
        return bytes;
      }
    };

    abstract byte[] apply(byte[] packet, SplittableRandom random);
  }
}
