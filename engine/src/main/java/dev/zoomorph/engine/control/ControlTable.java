package dev.zoomorph.engine.control;

import dev.zoomorph.engine.control.ControlException.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A control address space written once: its {@link Control}s. Validation ({@link #check}), description
 * ({@link #parameters}, for OSCQuery, the state API and MIDI-learn) and the documentation ({@link #markdown}) all
 * come from the entries.
 *
 * @param <S> the state the controls read and write
 */
public final class ControlTable<S> {
  private final Map<String, Control<S>> fixed = new LinkedHashMap<>();
  private final Map<String, Control<S>> families = new LinkedHashMap<>();
  private final List<Control<S>> controls;

  /** A table of {@code controls}, whose addresses must differ. */
  public ControlTable(List<Control<S>> controls) {
    this.controls = List.copyOf(controls);
    for (Control<S> control : controls) {
      Map<String, Control<S>> map = control.isIndexed() ? families : fixed;
      String key = control.isIndexed() ? familyPrefix(control) : control.address();
      if (map.putIfAbsent(key, control) != null) {
        throw new IllegalArgumentException("two controls at " + control.address());
      }
    }
  }

  /**
   * The entry that {@code address} names, whatever the state: a fixed address, or a family's with a component
   * number (whether the component exists depends on the state); null when none does.
   */
  public @Nullable Control<S> controlAt(String address) {
    Control<S> control = fixed.get(address);
    if (control != null) {
      return control;
    }
    int slash = address.lastIndexOf('/');
    Control<S> family = slash > 0 ? families.get(address.substring(0, slash + 1)) : null;
    return family != null && address.substring(slash + 1).matches("\\d{1,9}") ? family : null;
  }

  /** Every entry, in the order written. */
  public List<Control<S>> controls() {
    return controls;
  }

  /**
   * {@code message} checked against its control in {@code state}: arguments counted, parsed and clamped. Null for a
   * button's release, which changes nothing. A control with a preparer needs {@link #prepare} before it is written.
   *
   * @throws ControlException naming the address and the problem; nothing has changed
   */
  public @Nullable ControlChange<S> check(S state, ControlMessage message) {
    String address = message.address();
    Control<S> control = fixed.get(address);
    int index = -1;
    if (control == null) {
      int slash = address.lastIndexOf('/');
      Control<S> family = slash > 0 ? families.get(address.substring(0, slash + 1)) : null;
      if (family != null) {
        control = family;
        index = family.isNamed() ? nameIndex(family, state, address, address.substring(slash + 1))
            : componentIndex(family, state, address, address.substring(slash + 1));
      }
    }
    if (control == null) {
      throw new ControlException(Problem.UNKNOWN_ADDRESS, address, "unknown address");
    }
    if (!control.isPresent(state)) {
      throw new ControlException(Problem.UNKNOWN_ADDRESS, address, "not there now: " + control.absence(state));
    }
    if (!control.writable()) {
      throw new ControlException(Problem.READ_ONLY, address, "read-only (" + control.description() + ")");
    }
    List<Object> args = message.args();
    if (control.isImpulse()) {
      if (args.size() > 1) {
        throw new ControlException(Problem.BAD_ARGUMENTS, address,
            "expects no argument (or a button's 1/0), got " + args.size());
      }
      // A button sends 1 on press and 0 on release: only the press counts.
      if (!args.isEmpty() && ControlArg.numeric(address, 0, args.get(0)) == 0) {
        return null;
      }
      return new ControlChange<>(control, address, index, List.of(), null);
    }
    List<ControlArg> specs = control.args(state);
    int required = control.requiredArgs(specs.size());
    if (args.size() < required || args.size() > specs.size()) {
      throw new ControlException(Problem.BAD_ARGUMENTS, address, "expects "
          + (required == specs.size() ? specs.size() : required + " to " + specs.size()) + " argument(s), got "
          + args.size());
    }
    List<Object> values = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      values.add(specs.get(i).parse(address, i, args.get(i)));
    }
    return new ControlChange<>(control, address, index, values, null);
  }

  /**
   * {@code change} with what its control's preparer makes of it (a preset loaded), done on the calling thread: call
   * it outside any lock the render loop takes. Changes of controls without a preparer come back as they are.
   *
   * @throws ControlException ({@link Problem#NOT_LOADABLE}) with the preparer's message; nothing has changed
   */
  public ControlChange<S> prepare(ControlChange<S> change) {
    Control.Preparer preparer = change.control().preparer();
    if (preparer == null) {
      return change;
    }
    Object prepared;
    try {
      prepared = preparer.prepare(change.values());
    } catch (ControlException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ControlException(Problem.NOT_LOADABLE, change.address(), String.valueOf(e.getMessage()), e);
    }
    return new ControlChange<>(change.control(), change.address(), change.index(), change.values(), prepared);
  }

  /** Every address there is in {@code state}, with its types, ranges and current value, in address order. */
  public List<ControlParameter> parameters(S state) {
    List<ControlParameter> out = new ArrayList<>();
    for (Control<S> control : controls) {
      if (!control.isPresent(state)) {
        continue;
      }
      List<ControlArg> args = control.args(state);
      if (control.isIndexed()) {
        String prefix = familyPrefix(control);
        List<String> names = control.isNamed() ? control.names(state) : List.of();
        for (int i = 0; i < control.count(state); i++) {
          out.add(parameter(control, prefix + (control.isNamed() ? names.get(i) : i), args, control.read(state, i)));
        }
      } else {
        out.add(parameter(control, control.address(), args, control.read(state, -1)));
      }
    }
    out.sort(Comparator.comparing(ControlParameter::address));
    return out;
  }

  /**
   * The table as docs/control.md shows it: one Markdown row per entry, in the order written, under a header row.
   */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| Address | Types | Range | Default | Smoothing | Access | What it does |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Control<S> control : controls) {
      out.append("| `").append(control.address()).append("` | ")
          .append(control.typesDoc().isEmpty() ? "—" : "`" + control.typesDoc() + "`").append(" | ")
          .append(control.rangeDoc()).append(" | ")
          .append(control.defaultValue().isEmpty() ? "—" : control.defaultValue()).append(" | ")
          .append(control.smoothing().label()).append(" | ")
          .append(control.writable() ? (control.isImpulse() ? "write" : "read/write") : "read").append(" | ")
          .append(control.description()).append(" |\n");
    }
    return out.toString();
  }

  private ControlParameter parameter(Control<S> control, String address, List<ControlArg> args,
      List<Object> value) {
    StringBuilder tags = new StringBuilder();
    List<ControlParameter.Range> ranges = new ArrayList<>(args.size());
    for (ControlArg arg : args) {
      tags.append(arg.tag());
      ranges.add(arg.range());
    }
    return new ControlParameter(address, tags.toString(), ranges, value, control.description(), control.writable(),
        control.smoothing());
  }

  private int componentIndex(Control<S> family, S state, String address, String digits) {
    int size = family.count(state);
    if (!digits.matches("\\d{1,9}")) {
      throw new ControlException(Problem.UNKNOWN_ADDRESS, address,
          "unknown address; the components are " + familyPrefix(family) + "0 to " + familyPrefix(family) + (size - 1));
    }
    int index = Integer.parseInt(digits);
    if (index >= size) {
      throw new ControlException(Problem.UNKNOWN_ADDRESS, address,
          familyPrefix(family).substring(0, familyPrefix(family).length() - 1) + " has " + size + " components, 0 to "
              + (size - 1));
    }
    return index;
  }

  private int nameIndex(Control<S> family, S state, String address, String name) {
    List<String> names = family.names(state);
    int index = names.indexOf(name);
    if (index < 0) {
      throw new ControlException(Problem.UNKNOWN_ADDRESS, address, names.isEmpty()
          ? "unknown address; there are no " + familyPrefix(family) + "… addresses now"
          : "unknown name '" + name + "'; known: " + String.join(", ", names));
    }
    return index;
  }

  /** A family's address up to and including the slash before {@code {i}} or {@code {name}}. */
  private static String familyPrefix(Control<?> family) {
    String address = family.address();
    return address.substring(0, address.lastIndexOf('/') + 1);
  }
}
