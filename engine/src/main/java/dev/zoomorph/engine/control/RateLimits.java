package dev.zoomorph.engine.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * A rate limit per client (a sender's address): each client has its own token bucket, so a flood from one address
 * uses up its own allowance and never the others'. Clients are kept in a bounded map (the least recently seen are
 * forgotten), so many addresses cannot grow it either. Thread-safe; {@link #tryAcquire} never blocks.
 *
 * @param <K> what identifies a client, e.g. an {@link java.net.InetAddress}
 */
public final class RateLimits<K> {
  /** Clients remembered at once. */
  static final int MAX_CLIENTS = 10_000;

  private final long perSecond;
  private final long burst;
  private final Cache<K, Bucket> buckets;

  /**
   * @param perSecond requests a client may make per second, sustained
   * @param burst requests a client may make at once after a quiet spell (at least {@code perSecond})
   */
  public RateLimits(long perSecond, long burst) {
    if (perSecond < 1 || burst < perSecond) {
      throw new IllegalArgumentException("need 1 <= perSecond <= burst, were " + perSecond + " and " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(Duration.ofMinutes(10)).build();
  }

  /** Whether {@code client} may make one more request now; counts it if so. */
  public boolean tryAcquire(K client) {
    return buckets.get(client, key -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build()).tryConsume(1);
  }

  public long perSecond() {
    return perSecond;
  }

  public long burst() {
    return burst;
  }
}
