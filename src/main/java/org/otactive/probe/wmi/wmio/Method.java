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
    private final WmiClass.Builder in = parameters();
    private final WmiClass.Builder out = parameters();
    private int inCount;
    private int outCount;
    private int nextId;
    private CimType returnType;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    private static WmiClass.Builder parameters() {
      return WmiClass.builder(WmiClass.PARAMETERS).qualifier(Qualifier.flag("abstract", 0));
    }

    public Builder qualifier(Qualifier q) {
      qualifiers.add(q);
      return this;
    }

    /** The next parameter, an input. */
    public Builder in(String parameter, CimType type) {
      in.property(parameter, type, Qualifier.cimType(type.base().mofName()), Qualifier.flag("in", 0), id(nextId++));
      inCount++;
      return this;
    }

    /** The next parameter, an output. */
    public Builder out(String parameter, CimType type) {
      out.property(parameter, type, Qualifier.cimType(type.base().mofName()), Qualifier.flag("out", 0), id(nextId++));
      outCount++;
      return this;
    }

    /** The return value's type (none by default: a void method). */
    public Builder returns(CimType type) {
      this.returnType = type;
      return this;
    }

    private static Qualifier id(int position) {
      return new Qualifier("ID", CimValue.sint32(position), Qualifier.FLAVOR_TO_INSTANCE | Qualifier.FLAVOR_NOT_OVERRIDABLE);
    }

    /** The method as declared by class {@code origin}. */
    public Method build(String origin) {
      if (returnType != null) {
        out.property(RETURN_VALUE, returnType, Qualifier.cimType(returnType.base().mofName()), Qualifier.flag("out", 0));
      }
      return new Method(name, origin, qualifiers, inCount == 0 ? null : in.build(),
          outCount == 0 && returnType == null ? null : out.build());
    }
  }
}
