/** Files written whole or not at all ({@link dev.zoomorph.engine.files.WholeFiles}). */
@NullMarked
package dev.zoomorph.engine.files;

import org.jspecify.annotations.NullMarked;
