package org.otactive.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.otactive.common.NotFoundException;
import org.otactive.common.Text;

/**
 * The methods this installation knows, by id, in the order they were registered. Immutable. The
 * built-in list is {@code org.otactive.methods.BuiltInMethods}; tests build registries of their own.
 */
public final class MethodRegistry {
  private final Map<String, Method> methods = new LinkedHashMap<>();

  public MethodRegistry(List<? extends Method> methods) {
    for (Method m : methods) {
      if (this.methods.putIfAbsent(m.id(), m) != null) throw new IllegalArgumentException("method registered twice: " + m.id());
    }
  }

  public List<Method> all() {
    return List.copyOf(methods.values());
  }

  public List<String> ids() {
    return List.copyOf(methods.keySet());
  }

  public Optional<Method> find(String id) {
    return Optional.ofNullable(methods.get(id));
  }

  /**
   * The method of that id.
   *
   * @throws NotFoundException naming the id and the known ones when there is none
   */
  public Method get(String id) {
    Method m = methods.get(id);
    if (m == null) {
      throw new NotFoundException("unknown method: '" + Text.printable(id) + "' (known: " + String.join(", ", ids()) + ")");
    }
    return m;
  }
}
