package org.otactive.probe.wmi.wmio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CIM instance as MS-WMIO encodes it (2.2.53 InstanceType): the class part of its class, the
 * values the instance sets, and its qualifiers.
 *
 * <p>{@link #values()} holds only what the instance itself sets (a NULL included); a property it
 * does not set takes its class's default (NdTable "default" bit, 2.2.26). {@link #value} and
 * {@link #effectiveValues()} give what a WMI client sees: the instance's value, else the class
 * default. The class is kept as the encoding carries it ({@link WmiClass#classPart()}).
 *
 * <p>String values are as decoded from the network; sanitise them before storing or showing them.
 *
 * @param values the values set by the instance, keyed by property name, in declaration order
 * @param propertyQualifiers instance-level qualifiers of properties (2.2.65), by property name;
 *     properties without any are absent
 */
public record WmiInstance(WmiClass wmiClass, Map<String, CimValue> values, List<Qualifier> qualifiers,
    Map<String, List<Qualifier>> propertyQualifiers, Decoration decoration) implements WmiObject {
  public WmiInstance {
    wmiClass = Objects.requireNonNull(wmiClass, "wmiClass").classPart();
    // keyed by the class's spelling of each name, in declaration order
    HashMap<String, Integer> order = new HashMap<>();
    for (int i = 0; i < wmiClass.properties().size(); i++) {
      order.put(Names.fold(wmiClass.properties().get(i).name()), i);
    }
    CimValue[] v = new CimValue[order.size()];
    for (Map.Entry<String, CimValue> e : values.entrySet()) {
      Property p = property(wmiClass, order, e.getKey());
      CimValue given = Objects.requireNonNull(e.getValue(), "value");
      if (!given.type().equals(p.type())) {
        throw new IllegalArgumentException(p.name() + " is " + p.type() + ", not " + given.type());
      }
      v[order.get(Names.fold(p.name()))] = given;
    }
    List<List<Qualifier>> q = new ArrayList<>(Collections.nCopies(order.size(), null));
    for (Map.Entry<String, List<Qualifier>> e : propertyQualifiers.entrySet()) {
      Property p = property(wmiClass, order, e.getKey());
      if (!e.getValue().isEmpty()) q.set(order.get(Names.fold(p.name())), List.copyOf(e.getValue()));
    }
    LinkedHashMap<String, CimValue> byName = new LinkedHashMap<>();
    LinkedHashMap<String, List<Qualifier>> pq = new LinkedHashMap<>();
    for (int i = 0; i < v.length; i++) {
      String name = wmiClass.properties().get(i).name();
      if (v[i] != null) byName.put(name, v[i]);
      if (q.get(i) != null) pq.put(name, q.get(i));
    }
    values = Collections.unmodifiableMap(byName);
    propertyQualifiers = Collections.unmodifiableMap(pq);
    qualifiers = List.copyOf(qualifiers);
  }

  private static Property property(WmiClass c, Map<String, Integer> order, String name) {
    Integer i = order.get(Names.fold(name));
    if (i == null) throw new IllegalArgumentException(c.name() + " has no property " + name);
    return c.properties().get(i);
  }

  /** A new instance of {@code wmiClass} that sets nothing: every property has its class default. */
  public static WmiInstance of(WmiClass wmiClass) {
    return new WmiInstance(wmiClass, Map.of(), List.of(), Map.of(), null);
  }

  @Override
  public String className() {
    return wmiClass.name();
  }

  private Property property(String propertyName) {
    Property p = wmiClass.property(propertyName);
    if (p == null) throw new IllegalArgumentException(wmiClass.name() + " has no property " + propertyName);
    return p;
  }

  /** The effective value of a property: the instance's, else the class default. */
  public CimValue value(String propertyName) {
    Property p = property(propertyName);
    CimValue set = values.get(p.name());
    return set != null ? set : p.defaultValue();
  }

  /** Whether the property takes its class default (the instance does not set it). */
  public boolean isDefault(String propertyName) {
    Property p = property(propertyName);
    return !values.containsKey(p.name());
  }

  /** Every property's effective value, by name, in declaration order. */
  public Map<String, CimValue> effectiveValues() {
    LinkedHashMap<String, CimValue> out = new LinkedHashMap<>();
    for (Property p : wmiClass.properties()) out.put(p.name(), value(p.name()));
    return Collections.unmodifiableMap(out);
  }

  /** This instance with a property set to a value of the property's type. */
  public WmiInstance with(String propertyName, CimValue value) {
    Property p = property(propertyName);
    LinkedHashMap<String, CimValue> v = new LinkedHashMap<>(values);
    v.put(p.name(), value);
    return new WmiInstance(wmiClass, v, qualifiers, propertyQualifiers, decoration);
  }

  /** This instance with a property set from a Java value, converted by {@link CimValue#of}. */
  public WmiInstance with(String propertyName, Object value) {
    Property p = property(propertyName);
    return with(p.name(), CimValue.of(p.type(), value));
  }

  /** This instance with a property set to NULL. */
  public WmiInstance withNull(String propertyName) {
    Property p = property(propertyName);
    return with(p.name(), CimValue.nullOf(p.type()));
  }

  /** This instance with a property back to its class default. */
  public WmiInstance withDefault(String propertyName) {
    Property p = property(propertyName);
    LinkedHashMap<String, CimValue> v = new LinkedHashMap<>(values);
    v.remove(p.name());
    return new WmiInstance(wmiClass, v, qualifiers, propertyQualifiers, decoration);
  }

  public WmiInstance withQualifier(Qualifier q) {
    List<Qualifier> qs = new ArrayList<>(qualifiers);
    qs.add(q);
    return new WmiInstance(wmiClass, values, qs, propertyQualifiers, decoration);
  }

  /** This instance with an instance-level qualifier on a property. */
  public WmiInstance withPropertyQualifier(String propertyName, Qualifier q) {
    Property p = property(propertyName);
    LinkedHashMap<String, List<Qualifier>> pq = new LinkedHashMap<>(propertyQualifiers);
    List<Qualifier> qs = new ArrayList<>(pq.getOrDefault(p.name(), List.of()));
    qs.add(q);
    pq.put(p.name(), qs);
    return new WmiInstance(wmiClass, values, qualifiers, pq, decoration);
  }

  public WmiInstance withDecoration(Decoration d) {
    return new WmiInstance(wmiClass, values, qualifiers, propertyQualifiers, d);
  }

  @Override
  public String toString() {
    return "instance of " + wmiClass.name() + " " + effectiveValues();
  }
}
