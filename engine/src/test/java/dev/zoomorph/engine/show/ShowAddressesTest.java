package dev.zoomorph.engine.show;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoomorph.engine.control.Control;
import dev.zoomorph.engine.control.ControlTable;
import dev.zoomorph.engine.control.ShowAddresses;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every address that code names through {@link ShowAddresses} is one of the control table's. */
class ShowAddressesTest {

  @Test
  void everyNamedAddressIsAnAddressOfTheControlTable() throws IllegalAccessException {
    ControlTable<ShowState> table = ShowControls.table(name -> {
      throw new IllegalStateException("not loading presets");
    }, 30);
    List<String> named = new ArrayList<>();
    for (Field field : ShowAddresses.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
          && !field.getName().equals("PREFIX")) {
        named.add((String) field.get(null));
      }
    }
    assertThat(named).hasSizeGreaterThan(10);
    for (String address : named) {
      Control<ShowState> control = table.controlAt(address);
      assertThat(control).as(address).isNotNull();
      assertThat(control.address()).as("%s is the table's own entry, not a family's component", address)
          .isEqualTo(address);
    }
  }

  @Test
  void aWellFormedAddressIsThePrefixAndAPathOfPlainCharacters() {
    assertThat(ShowAddresses.isWellFormed("/zoomorph/post/palette")).isTrue();
    assertThat(ShowAddresses.isWellFormed("/zoomorph/latent/3")).isTrue();
    assertThat(ShowAddresses.isWellFormed("/zoomorph/")).isFalse();
    assertThat(ShowAddresses.isWellFormed("/other/zoom")).isFalse();
    assertThat(ShowAddresses.isWellFormed("/zoomorph/zoom level")).isFalse();
    assertThat(ShowAddresses.isWellFormed(null)).isFalse();
  }
}
