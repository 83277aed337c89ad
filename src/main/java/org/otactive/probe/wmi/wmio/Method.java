package org.otactive.probe.wmi.wmio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A method of a class (MS-WMIO 2.2.41). Its parameters are two {@code __PARAMETERS} classes (2.3.3):
 * {@link #in()} holds the input parameters as properties, {@link #out()} the output parameters and
 * {@code ReturnValue}; each parameter carries an {@code ID} qualifier with its position in the
 * signature and an {@code in} or {@code out} qualifier.
 *
 * <p>To call a method, make an instance of {@link #in()} ({@link WmiInstance#of}), set the
 * parameters and encode it; the answer is an instance of {@link #out()}.
 *
 * @param origin the class that declares it (2.2.45 MethodOrigin)
 * @param in the input parameters, or null when the method takes none
 * @param out the output parameters and return value, or null when there are none
 */
public record Method(String name, String origin, List<Qualifier> qualifiers, WmiClass in, WmiClass out) {
  /** The property of {@link #out()} that holds the return value. */
  public static final String RETURN_VALUE = "ReturnValue";

  public Method {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(origin, "origin");
    qualifiers = List.copyOf(qualifiers);
  }

  /** A builder for a method with its parameters; see {@link Builder}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Builds a method's two {@code __PARAMETERS} classes as WMI lays them out (2.3.3): both
   * {@code abstract}; each parameter with CIMTYPE, {@code in} or {@code out}, and {@code ID} (its
   * position, counted over all parameters in the order given); {@code ReturnValue} last in
   * {@code out}, without an ID. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private final List<Qualifier> qualifiers = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private CimType returnType;

    private record Parameter(String name, CimType type, boolean in) {}

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder qualifier(Qualifier q) {
      qualifiers.add(q);
      return this;
    }

    /** The next parameter, an input. */
    public Builder in(String parameter, CimType type) {
      parameters.add(new Parameter(parameter, type, true));
      return this;
    }

    /** The next parameter, an output. */
    public Builder out(String parameter, CimType type) {
      parameters.add(new Parameter(parameter, type, false));
      return this;
    }

    /** The return value's type (none by default: a void method). */
    public Builder returns(CimType type) {
      this.returnType = type;
      return this;
    }

    /** The method as declared by class {@code origin}. */
    public Method build(String origin) {
      WmiClass.Builder in = parametersClass();
      WmiClass.Builder out = parametersClass();
      boolean anyIn = false;
      boolean anyOut = returnType != null;
      for (int id = 0; id < parameters.size(); id++) {
        Parameter p = parameters.get(id);
        (p.in() ? in : out).property(p.name(), p.type(), Qualifier.cimType(p.type().base().mofName()),
            Qualifier.flag(p.in() ? "in" : "out", 0), new Qualifier("ID", CimValue.sint32(id),
                Qualifier.FLAVOR_TO_INSTANCE | Qualifier.FLAVOR_NOT_OVERRIDABLE));
        anyIn |= p.in();
        anyOut |= !p.in();
      }
      if (returnType != null) {
        out.property(RETURN_VALUE, returnType, Qualifier.cimType(returnType.base().mofName()),
            Qualifier.flag("out", 0));
      }
      return new Method(name, origin, qualifiers, anyIn ? in.build() : null, anyOut ? out.build() : null);
    }

    private static WmiClass.Builder parametersClass() {
      return WmiClass.builder(WmiClass.PARAMETERS).qualifier(Qualifier.flag("abstract", 0));
    }
  }
}
