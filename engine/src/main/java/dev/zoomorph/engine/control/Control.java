package dev.zoomorph.engine.control;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link ControlTable}: an address (or a family of them, {@code /zoomorph/latent/{i}}), its arguments
 * with their OSC type tags, ranges and clamping rules, its default, its smoothing rule, whether it can be written, a
 * one-line description, and how it reads and writes the state {@code S} it controls. Everything the show says about
 * a control (OSCQuery, {@code /api/state}, validation, applying, smoothing, MIDI-learn targets, docs/control.md) is
 * derived from these entries; adding an address is adding one.
 *
 * <p>Built with {@link #value} or {@link #impulse} and the {@code with…} methods.
 *
 * @param <S> the state read and written; only ever touched by one thread at a time
 */
public final class Control<S> {

  /** Writes a checked change into the state. */
  @FunctionalInterface
  public interface Writer<S> {
    void write(S state, ControlChange<S> change);
  }

  /** Work a change needs before it can be applied (loading a preset), done on the sending thread. */
  @FunctionalInterface
  public interface Preparer {
    /**
     * What the writer gets as {@link ControlChange#prepared()}.
     *
     * @throws RuntimeException whose message says what could not be loaded; the change is refused
     */
    Object prepare(List<Object> values);
  }

  private final String address;
  private final String description;
  private final boolean impulse;
  private final Function<S, List<ControlArg>> args;
  private final Function<S, List<Object>> readAll;
  private final @Nullable BiFunction<S, Integer, List<Object>> readOne;
  private final @Nullable ToIntFunction<S> count;
  private final @Nullable Function<S, List<String>> names;
  private final Predicate<S> present;
  private final Function<S, String> absence;
  private final @Nullable Writer<S> writer;
  private final Smoothing smoothing;
  private final @Nullable Preparer preparer;
  private final String defaultValue;
  private final String typesDoc;
  private final String rangeDoc;
  /** Arguments a message must have; the others may be left out. */
  private final int required;

  private Control(String address, String description, boolean impulse, Function<S, List<ControlArg>> args,
      Function<S, List<Object>> readAll, @Nullable BiFunction<S, Integer, List<Object>> readOne,
      @Nullable ToIntFunction<S> count, @Nullable Function<S, List<String>> names, Predicate<S> present,
      Function<S, String> absence, @Nullable Writer<S> writer, Smoothing smoothing,
      @Nullable Preparer preparer, String defaultValue, String typesDoc, String rangeDoc, int required) {
    this.address = address;
    this.description = description;
    this.impulse = impulse;
    this.args = args;
    this.readAll = readAll;
    this.readOne = readOne;
    this.count = count;
    this.names = names;
    this.present = present;
    this.absence = absence;
    this.writer = writer;
    this.smoothing = smoothing;
    this.preparer = preparer;
    this.defaultValue = defaultValue;
    this.typesDoc = typesDoc;
    this.rangeDoc = rangeDoc;
    this.required = required;
  }

  /**
   * A read-only control at {@code address} with the given arguments, read with {@code read}; {@link #writtenBy}
   * makes it writable.
   */
  public static <S> Control<S> value(String address, String description, List<ControlArg> args,
      Function<S, List<Object>> read) {
    return new Control<>(address, description, false, state -> args, read, null, null, null, state -> true,
        state -> "", null, Smoothing.NONE, null, "", tags(args), rangeText(args),
        Integer.MAX_VALUE);
  }

  /**
   * A button: no argument, or a button's 1 (press) and 0 (release, which does nothing). Has no value to read.
   */
  public static <S> Control<S> impulse(String address, String description, Writer<S> writer) {
    return new Control<>(address, description, true, state -> List.of(), state -> List.of(), null, null, null,
        state -> true, state -> "", writer, Smoothing.NONE, null, "—", "",
        "no argument, or a button's 1 (its 0 does nothing)", 0);
  }

  /**
   * A family of addresses {@code address/{i}} for i in 0 … count−1, each with {@code arg}, read with {@code read}.
   */
  public static <S> Control<S> indexed(String address, String description, ControlArg arg, ToIntFunction<S> count,
      BiFunction<S, Integer, List<Object>> read) {
    return new Control<>(address + "/{i}", description, false, state -> List.of(arg), state -> List.of(), read,
        count, null, state -> true, state -> "", null, Smoothing.NONE, null, "", arg.tag(), rangeText(List.of(arg)),
        Integer.MAX_VALUE);
  }

  /**
   * A family of addresses {@code address/{name}}, one for each of the names the state has now (e.g. the playing
   * preset's latent directions), each with {@code arg}, read with {@code read}.
   */
  public static <S> Control<S> named(String address, String description, ControlArg arg,
      Function<S, List<String>> names, BiFunction<S, String, List<Object>> read) {
    return new Control<>(address + "/{name}", description, false, state -> List.of(arg), state -> List.of(),
        (state, i) -> read.apply(state, names.apply(state).get(i)), state -> names.apply(state).size(), names,
        state -> true, state -> "", null, Smoothing.NONE, null, "", arg.tag(), rangeText(List.of(arg)),
        Integer.MAX_VALUE);
  }

  /** Writable, through {@code writer}. */
  public Control<S> writtenBy(Writer<S> newWriter) {
    return new Control<>(address, description, impulse, args, readAll, readOne, count, names, present, absence,
        newWriter, smoothing, preparer, defaultValue, typesDoc, rangeDoc, required);
  }

  public Control<S> smoothed(Smoothing rule) {
    return new Control<>(address, description, impulse, args, readAll, readOne, count, names, present, absence,
        writer, rule, preparer, defaultValue, typesDoc, rangeDoc, required);
  }

  /** Arguments that depend on the state (one per latent component, keyframes of the preset). */
  public Control<S> withArgs(Function<S, List<ControlArg>> newArgs) {
    return new Control<>(address, description, impulse, newArgs, readAll, readOne, count, names, present, absence,
        writer, smoothing, preparer, defaultValue, typesDoc, rangeDoc, required);
  }

  /** Only there (listed and accepted) while {@code condition} holds; {@code why} says why not, when it does not. */
  public Control<S> presentWhen(Predicate<S> condition, Function<S, String> why) {
    return new Control<>(address, description, impulse, args, readAll, readOne, count, names, condition, why, writer,
        smoothing, preparer, defaultValue, typesDoc, rangeDoc, required);
  }

  public Control<S> preparedBy(Preparer newPreparer) {
    return new Control<>(address, description, impulse, args, readAll, readOne, count, names, present, absence,
        writer, smoothing, newPreparer, defaultValue, typesDoc, rangeDoc, required);
  }

  /** Arguments from {@code index} on may be left out (e.g. a switch's crossfade time). */
  public Control<S> optionalFrom(int index) {
    return new Control<>(address, description, impulse, args, readAll, readOne, count, names, present, absence, writer,
        smoothing, preparer, defaultValue, typesDoc, rangeDoc, index);
  }

  /** The documented default, e.g. {@code 1} or {@code the preset's}. */
  public Control<S> defaultsTo(String text) {
    return new Control<>(address, description, impulse, args, readAll, readOne, count, names, present, absence,
        writer, smoothing, preparer, text, typesDoc, rangeDoc, required);
  }

  /** How docs/control.md shows types and range where they depend on the state. */
  public Control<S> documentedAs(String types, String range) {
    return new Control<>(address, description, impulse, args, readAll, readOne, count, names, present, absence,
        writer, smoothing, preparer, defaultValue, types, range, required);
  }

  /** The address; a family ends in {@code /{i}} or {@code /{name}}. */
  public String address() {
    return address;
  }

  public String description() {
    return description;
  }

  public boolean isImpulse() {
    return impulse;
  }

  /** True for a family of addresses: indexed ({@code /{i}}) or named ({@code /{name}}). */
  public boolean isIndexed() {
    return count != null;
  }

  /** True for a named family ({@code /{name}}). */
  public boolean isNamed() {
    return names != null;
  }

  public boolean writable() {
    return writer != null;
  }

  public Smoothing smoothing() {
    return smoothing;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String typesDoc() {
    return typesDoc;
  }

  public String rangeDoc() {
    return rangeDoc;
  }

  /** How many of {@link #args} a message must have; at most their count. */
  int requiredArgs(int argCount) {
    return Math.min(required, argCount);
  }

  boolean isPresent(S state) {
    return present.test(state);
  }

  String absence(S state) {
    return absence.apply(state);
  }

  List<ControlArg> args(S state) {
    return args.apply(state);
  }

  int count(S state) {
    return Objects.requireNonNull(count).applyAsInt(state);
  }

  List<String> names(S state) {
    return Objects.requireNonNull(names).apply(state);
  }

  List<Object> read(S state, int index) {
    return readOne != null ? readOne.apply(state, index) : readAll.apply(state);
  }

  public @Nullable Preparer preparer() {
    return preparer;
  }

  /** Writes {@code change}, which {@link ControlTable#check} (and {@link ControlTable#prepare}) made. */
  public void write(S state, ControlChange<S> change) {
    Objects.requireNonNull(writer, address).write(state, change);
  }

  private static String tags(List<ControlArg> args) {
    StringBuilder tags = new StringBuilder();
    args.forEach(arg -> tags.append(arg.tag()));
    return tags.toString();
  }

  private static String rangeText(List<ControlArg> args) {
    if (args.isEmpty()) {
      return "—";
    }
    ControlParameter.Range range = args.get(0).range();
    if (!range.values().isEmpty()) {
      return String.join(", ", range.values());
    }
    if (range.equals(ControlParameter.Range.NONE)) {
      return args.get(0).tag().equals("T") ? "true/false" : "—";
    }
    String text = number(range.min()) + " … " + number(range.max());
    return args.size() > 1 ? text + " each" : text;
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }

  @Override
  public String toString() {
    return "Control[" + address + "]";
  }
}
