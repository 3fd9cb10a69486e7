package dev.zoomorph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Whose connections an address counts among (the counting itself is ConnectionLimitsTest's, over sockets). */
class HttpLimitsTest {

  @Test
  void anIpv4AddressCountsAsItself() throws Exception {
    InetAddress address = InetAddress.getByName("192.0.2.7");
    assertThat(HttpLimits.countedAs(address)).isEqualTo(address);
    assertThat(HttpLimits.countedAs(InetAddress.getByName("::ffff:192.0.2.7"))).isEqualTo(address);
  }

  @Test
  void ipv6AddressesCountWithTheirSlash64Network() throws Exception {
    InetAddress one = HttpLimits.countedAs(InetAddress.getByName("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
    InetAddress other = HttpLimits.countedAs(InetAddress.getByName("2001:db8:1:2::1"));
    InetAddress nextNetwork = HttpLimits.countedAs(InetAddress.getByName("2001:db8:1:3::1"));
    assertThat(one).isEqualTo(other).isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
    assertThat(nextNetwork).isNotEqualTo(one);
  }
}
