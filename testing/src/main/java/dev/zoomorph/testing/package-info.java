/**
 * What every module's tests share: Netty's paranoid leak detection failing the test that leaked ({@link
 * dev.zoomorph.testing.LeakFailingExtension}), child JVMs that report their own leaks ({@link
 * dev.zoomorph.testing.ChildJvm}), a small disk to fill ({@link dev.zoomorph.testing.SmallDisk}), and the lines a class
 * logs ({@link dev.zoomorph.testing.LogLines}).
 */
@NullMarked
package dev.zoomorph.testing;

import org.jspecify.annotations.NullMarked;
