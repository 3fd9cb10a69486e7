package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.RateLimits;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Whose allowance an HTTP request uses: a host's IPv6 addresses, all in its /64, share one (a host that took a new
 * address for each request went unlimited), while IPv4 addresses and other networks have their own.
 */
class ControlApiClientTest {

  @Test
  void theAddressesOfOneIpv6NetworkShareOneAllowance() throws Exception {
    RateLimits<InetAddress> limits = new RateLimits<>(1, 2);
    for (String address : new String[] {"2001:db8:1:2::1", "2001:db8:1:2::2"}) {
      assertThat(limits.tryAcquire(ControlApi.client(InetAddress.getByName(address)))).as(address).isTrue();
    }
    assertThat(limits.tryAcquire(ControlApi.client(InetAddress.getByName("2001:db8:1:2:ffff::3"))))
        .as("a third address of the same /64, over the burst of 2").isFalse();
    assertThat(limits.tryAcquire(ControlApi.client(InetAddress.getByName("2001:db8:1:3::1")))).as("another /64")
        .isTrue();
    assertThat(ControlApi.client(InetAddress.getByName("192.0.2.1")))
        .isNotEqualTo(ControlApi.client(InetAddress.getByName("192.0.2.2")));
  }
}
