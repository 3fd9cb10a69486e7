/**
 * The browser side, shared by a show's server and a relay: the pages and what they load ({@link
 * dev.zoomorph.web.WebAssets}), encoded frames shared by every viewer's write ({@link dev.zoomorph.web.SharedJpeg},
 * {@link dev.zoomorph.web.JpegFeed}) and sent with newest-frame-wins per viewer ({@link
 * dev.zoomorph.web.FrameBroadcast}), the state stream for pages that draw themselves ({@link
 * dev.zoomorph.web.StateBroadcast} from a {@link dev.zoomorph.web.StateSource}), the server that routes them ({@link
 * dev.zoomorph.web.ViewerServer}) and its connections' limits ({@link dev.zoomorph.web.HttpLimits}), the read-only
 * sockets' limits ({@link dev.zoomorph.web.ReadOnlySockets}), the frame rate {@code /health} reports ({@link
 * dev.zoomorph.web.FpsMeter}) and JSON over HTTP ({@link dev.zoomorph.web.JsonBodies}).
 *
 * <pre>{@code
 * JpegFeed feed = new JpegFeed();
 * ViewerServer.bind("127.0.0.1", 8080, HttpLimits.DEFAULT, WebAssets.viewer(), health,
 *     new FrameBroadcast(feed.jpegs()), new StateBroadcast(state), routes -> {});
 * feed.publish(new SharedJpeg(jpegBytes));                     // every viewer gets it, or a newer one
 * }</pre>
 */
@NullMarked
package dev.zoomorph.web;

import org.jspecify.annotations.NullMarked;
