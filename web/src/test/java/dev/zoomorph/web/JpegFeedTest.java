package dev.zoomorph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JpegFeedTest {

  @Test
  void theFeedHoldsOnlyTheNewestFrame() {
    JpegFeed feed = new JpegFeed();
    SharedJpeg first = new SharedJpeg(new byte[] {1});
    SharedJpeg second = new SharedJpeg(new byte[] {2});
    feed.publish(first);
    feed.publish(second);
    assertThat(first.retainedDuplicate()).as("replaced: released").isNull();
    assertThat(second.retainedDuplicate()).as("current: held").isNotNull().satisfies(bytes -> bytes.release());
    feed.close();
    assertThat(second.retainedDuplicate()).as("closed: released").isNull();
  }

  /**
   * A publisher that outlives the close (its owner stopped waiting for an encode in progress) hands its frame to a
   * closed feed: the frame is released there, not kept for ever, and no listener gets it.
   */
  @Test
  void aFramePublishedAfterTheCloseIsReleased() {
    JpegFeed feed = new JpegFeed();
    List<SharedJpeg> received = new ArrayList<>();
    AtomicBoolean completed = new AtomicBoolean();
    feed.jpegs().subscribe(received::add, failure -> {}, () -> completed.set(true));
    feed.close();
    assertThat(completed).isTrue();
    SharedJpeg late = new SharedJpeg(new byte[] {4});
    feed.publish(late);
    assertThat(late.retainedDuplicate()).as("released").isNull();
    assertThat(received).isEmpty();
    feed.close();
  }
}
