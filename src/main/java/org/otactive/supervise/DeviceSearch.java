package org.otactive.supervise;

import java.util.List;
import java.util.Locale;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;

/**
 * The device search of the console, the API and {@code otactive devices}: by site, subnet,
 * attribute, source, whether a host name is known, and free text over addresses and values
 * (case-insensitive). Every criterion left null matches everything. Sends nothing.
 *
 * @param subnet as {@link #subnet(String)} reads it
 * @param hostnameKnown as {@link #hostnameKnown(String)} reads it
 */
public record DeviceSearch(String site, AddressSet subnet, String attribute, String source, Boolean hostnameKnown,
    String text) {
  /** Addresses, CIDR blocks or ranges, as a site's ranges are written; null for none. */
  public static AddressSet subnet(String text) {
    return text == null ? null : AddressSet.of(List.of(text), List.of());
  }

  /** {@code has} or {@code lacks}; null for either. */
  public static Boolean hostnameKnown(String word) {
    if (word == null) return null;
    return switch (word) {
      case "has" -> true;
      case "lacks" -> false;
      default -> throw new BadInputException("hostname is has or lacks, not '" + Text.printable(word) + "'");
    };
  }

  /** Whether a device matches; an unknown site is bad input (when the matcher is made). */
  public java.util.function.Predicate<Device> matcher(Supervisor sup) {
    AddressSet siteScope = site == null ? null : sup.site(site).ranges();
    String t = text == null ? null : text.toLowerCase(Locale.ROOT);
    return d -> (siteScope == null || siteScope.contains(Addresses.parse(d.address())))
        && (subnet == null || subnet.contains(Addresses.parse(d.address())))
        && (attribute == null || d.latest(attribute).isPresent())
        && (source == null || d.latest().stream().anyMatch(a -> a.source().equals(source)))
        && (hostnameKnown == null || d.latest("hostname").isPresent() == hostnameKnown)
        && (t == null || d.address().contains(t) || d.latest().stream()
            .map(AttributeValue::value).anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(t)));
  }
}
