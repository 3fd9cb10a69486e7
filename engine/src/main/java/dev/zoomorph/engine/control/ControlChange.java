package dev.zoomorph.engine.control;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A control message checked against its {@link Control}: the values to apply (parsed and clamped), ready to write.
 *
 * @param index the component for an indexed control ({@code /zoomorph/latent/3} → 3), otherwise -1
 * @param prepared what the control's preparer made of the values (a loaded preset), or null
 */
public record ControlChange<S>(Control<S> control, String address, int index, List<Object> values,
    @Nullable Object prepared) {

  public ControlChange {
    values = List.copyOf(values);
  }

  /** The same change with other values (a smoothed step towards these). */
  public ControlChange<S> withValues(List<Object> newValues) {
    return new ControlChange<>(control, address, index, newValues, prepared);
  }

  /** Number {@code i} of the values. */
  public double number(int i) {
    Object value = values.get(i);
    return value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).doubleValue();
  }

  /** String {@code i} of the values. */
  public String string(int i) {
    return (String) values.get(i);
  }

  /** The change as a message, e.g. for what the bus says was applied. */
  public ControlMessage message() {
    return new ControlMessage(address, values);
  }
}
