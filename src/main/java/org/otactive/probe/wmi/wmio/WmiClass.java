package org.otactive.probe.wmi.wmio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A CIM class as MS-WMIO encodes it (2.2.11 ClassType, 2.2.15 ClassPart, 2.2.38 MethodsPart).
 *
 * <p>{@link #properties()} are in declaration order (2.2.33) and include the inherited ones, as the
 * encoding does. {@link #parent()} is the immediate superclass when the encoding carried it (a
 * class object carries its ParentClass; an instance carries only its own class part), else null.
 * Names compare case-insensitively, as in WMI.
 *
 * @param superclasses the derivation list, immediate superclass first (2.2.17)
 * @param methods the methods; empty for the class part of an instance, which carries none
 */
public record WmiClass(String name, List<String> superclasses, List<Qualifier> qualifiers,
    List<Property> properties, List<Method> methods, WmiClass parent, Decoration decoration)
    implements WmiObject {
  /** The name of the classes that carry method parameters (2.3.3). */
  public static final String PARAMETERS = "__PARAMETERS";

  public WmiClass {
    Objects.requireNonNull(name, "name");
    superclasses = List.copyOf(superclasses);
    qualifiers = List.copyOf(qualifiers);
    properties = List.copyOf(properties);
    methods = List.copyOf(methods);
    Set<String> seen = new HashSet<>();
    for (Property p : properties) {
      if (!seen.add(Names.fold(p.name()))) {
        throw new IllegalArgumentException(name + " has two properties " + p.name());
      }
      checkOrigin(name, superclasses, p.origin(), "property " + p.name());
    }
    seen.clear();
    for (Method m : methods) {
      if (!seen.add(Names.fold(m.name()))) throw new IllegalArgumentException(name + " has two methods " + m.name());
      checkOrigin(name, superclasses, m.origin(), "method " + m.name());
    }
    if (parent != null && (superclasses.isEmpty() || !superclasses.get(0).equalsIgnoreCase(parent.name()))) {
      throw new IllegalArgumentException(name + " derives from " + superclasses + ", not from " + parent.name());
    }
  }

  private static void checkOrigin(String name, List<String> superclasses, String origin, String what) {
    if (!origin.equals(name) && !superclasses.contains(origin)) {
      throw new IllegalArgumentException(what + " of " + name + " comes from " + origin + ", not in its derivation");
    }
  }

  @Override
  public String className() {
    return name;
  }

  /** The immediate superclass's name, or null for a root class. */
  public String superclass() {
    return superclasses.isEmpty() ? null : superclasses.get(0);
  }

  /** The named property, or null. */
  public Property property(String propertyName) {
    for (Property p : properties) {
      if (p.name().equalsIgnoreCase(propertyName)) return p;
    }
    return null;
  }

  /** The named method, or null. */
  public Method method(String methodName) {
    for (Method m : methods) {
      if (m.name().equalsIgnoreCase(methodName)) return m;
    }
    return null;
  }

  /** The value of the named class qualifier, or null. */
  public CimValue qualifier(String qualifierName) {
    for (Qualifier q : qualifiers) {
      if (q.name().equalsIgnoreCase(qualifierName)) return q.value();
    }
    return null;
  }

  public WmiClass withDecoration(Decoration d) {
    return new WmiClass(name, superclasses, qualifiers, properties, methods, parent, d);
  }

  /**
   * What an instance's encoding carries of its class (2.2.53: the ClassPart only): no methods, no
   * parent, no decoration.
   */
  public WmiClass classPart() {
    if (methods.isEmpty() && parent == null && decoration == null) return this;
    return new WmiClass(name, superclasses, qualifiers, properties, List.of(), null, null);
  }

  /** A builder for a class; see {@link Builder}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Builds classes the way WMI derives them: {@link #superclass} copies the parent's properties and
   * methods (with the qualifiers that propagate to subclasses), and {@link #property} adds a
   * CIMTYPE qualifier when none is given. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private final List<String> superclasses = new ArrayList<>();
    private final List<Qualifier> qualifiers = new ArrayList<>();
    private final LinkedHashMap<String, Property> properties = new LinkedHashMap<>(); // by fold(name)
    private final List<Method> methods = new ArrayList<>();
    private WmiClass parent;
    private Decoration decoration;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Derives from {@code parent}: must come before any property or method of this class. */
    public Builder superclass(WmiClass parent) {
      if (!properties.isEmpty() || !methods.isEmpty() || this.parent != null) {
        throw new IllegalStateException("set the superclass first, once");
      }
      this.parent = parent.classPartWithMethods();
      superclasses.add(parent.name());
      superclasses.addAll(parent.superclasses());
      for (Qualifier q : parent.qualifiers()) {
        if ((q.flavor() & Qualifier.FLAVOR_TO_SUBCLASS) != 0) qualifiers.add(propagated(q));
      }
      for (Property p : parent.properties()) {
        properties.put(key(p.name()), new Property(p.name(), p.type(), p.origin(), propagated(p.qualifiers()),
            p.defaultValue(), true));
      }
      for (Method m : parent.methods()) {
        methods.add(new Method(m.name(), m.origin(), propagated(m.qualifiers()), m.in(), m.out()));
      }
      return this;
    }

    private static List<Qualifier> propagated(List<Qualifier> qs) {
      List<Qualifier> out = new ArrayList<>();
      for (Qualifier q : qs) {
        if ((q.flavor() & Qualifier.FLAVOR_TO_SUBCLASS) != 0) out.add(propagated(q));
      }
      return out;
    }

    private static Qualifier propagated(Qualifier q) {
      return new Qualifier(q.name(), q.value(), q.flavor() | Qualifier.FLAVOR_PROPAGATED);
    }

    public Builder qualifier(Qualifier q) {
      qualifiers.add(q);
      return this;
    }

    /** Adds a property with no default (NULL). */
    public Builder property(String propertyName, CimType type, Qualifier... qualifiers) {
      return property(propertyName, type, CimValue.nullOf(type), qualifiers);
    }

    /** Adds a property with a default; a CIMTYPE qualifier is added unless one is given. */
    public Builder property(String propertyName, CimType type, CimValue defaultValue, Qualifier... qualifiers) {
      if (properties.containsKey(key(propertyName))) {
        throw new IllegalArgumentException(name + " already has a property " + propertyName);
      }
      List<Qualifier> qs = new ArrayList<>();
      boolean typed = false;
      for (Qualifier q : qualifiers) typed |= q.name().equalsIgnoreCase(Qualifier.CIMTYPE);
      if (!typed) qs.add(Qualifier.cimType(type.base().mofName()));
      qs.addAll(List.of(qualifiers));
      properties.put(key(propertyName), new Property(propertyName, type, name, qs, defaultValue, false));
      return this;
    }

    /** Gives an inherited property a default of this class's own. */
    public Builder defaultValue(String propertyName, CimValue value) {
      Property p = properties.get(key(propertyName));
      if (p == null) throw new IllegalArgumentException(name + " has no property " + propertyName);
      properties.put(key(propertyName), new Property(p.name(), p.type(), p.origin(), p.qualifiers(), value, false));
      return this;
    }

    /** Adds a method declared by this class. */
    public Builder method(Method.Builder method) {
      methods.add(method.build(name));
      return this;
    }

    public Builder decoration(Decoration d) {
      this.decoration = d;
      return this;
    }

    public WmiClass build() {
      return new WmiClass(name, superclasses, qualifiers, new ArrayList<>(properties.values()), methods, parent,
          decoration);
    }

    private static String key(String propertyName) {
      return Names.fold(propertyName);
    }
  }

  /** The parent as a ClassType's ParentClass carries it: methods kept, no parent, no decoration. */
  private WmiClass classPartWithMethods() {
    if (parent == null && decoration == null) return this;
    return new WmiClass(name, superclasses, qualifiers, properties, methods, null, null);
  }

  @Override
  public String toString() {
    return "class " + name + (superclasses.isEmpty() ? "" : " : " + superclasses.get(0)) + " " + properties.stream()
        .map(p -> p.type() + " " + p.name()).toList();
  }
}
