package org.otactive.testing.fakewindows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.otactive.probe.wmi.wmio.CimBaseType;
import org.otactive.probe.wmi.wmio.CimType;
import org.otactive.probe.wmi.wmio.CimValue;
import org.otactive.probe.wmi.wmio.Qualifier;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;

/**
 * What a fake Windows host knows: its name, its WMI classes with their instances per namespace,
 * and its registry. Read from the JSON format documented in {@code README.md} next to the default
 * data file; immutable.
 */
public final class HostData {
  static final String DEFAULT_RESOURCE = "/fake-windows-host/default-host.json";

  final String computerName;
  /** Namespace (lower case, '/' separated, e.g. {@code root/cimv2}) → class name (lower case) → class. */
  private final Map<String, Map<String, WmiClass>> classes;
  /** Namespace → class name (lower case) → its instances. */
  private final Map<String, Map<String, List<WmiInstance>>> instances;
  /** Hive (e.g. HKEY_LOCAL_MACHINE) → key path (case-insensitive) → value name → value. */
  private final Map<String, TreeMap<String, Map<String, Object>>> registry;

  private HostData(String computerName, Map<String, Map<String, WmiClass>> classes,
      Map<String, Map<String, List<WmiInstance>>> instances, Map<String, TreeMap<String, Map<String, Object>>> registry) {
    this.computerName = computerName;
    this.classes = classes;
    this.instances = instances;
    this.registry = registry;
  }

  public static HostData defaults() {
    try (InputStream in = HostData.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the test classpath");
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public static HostData load(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(Files.readString(file)));
  }

  public static HostData parse(String json) throws IOException {
    return parse(new ObjectMapper().readTree(json));
  }

  /** The default data as a mutable JSON tree, for tests that change something and {@link #parse} it. */
  public static JsonNode defaultTree() {
    try (InputStream in = HostData.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HostData parse(JsonNode root) {
    String name = text(root, "computerName");
    Map<String, Map<String, WmiClass>> classes = new LinkedHashMap<>();
    Map<String, Map<String, List<WmiInstance>>> instances = new LinkedHashMap<>();
    for (JsonNode ns : root.path("namespaces")) classes.put(namespace(ns.asText()), new LinkedHashMap<>());
    for (JsonNode c : root.path("classes")) {
      String ns = namespace(c.path("namespace").asText("root/cimv2"));
      Map<String, WmiClass> inNs = classes.get(ns);
      if (inNs == null) throw new IllegalArgumentException("class " + text(c, "name") + " in undeclared namespace " + ns);
      WmiClass cls = buildClass(c, inNs);
      inNs.put(key(cls.name()), cls);
      List<WmiInstance> list = new ArrayList<>();
      for (JsonNode i : c.path("instances")) list.add(instance(cls, i));
      instances.computeIfAbsent(ns, k -> new LinkedHashMap<>()).put(key(cls.name()), List.copyOf(list));
    }
    Map<String, TreeMap<String, Map<String, Object>>> registry = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> hive : root.path("registry").properties()) {
      TreeMap<String, Map<String, Object>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (Map.Entry<String, JsonNode> k : hive.getValue().properties()) {
        Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, JsonNode> v : k.getValue().properties()) {
          values.put(v.getKey(), v.getValue().isNumber() ? (Object) v.getValue().asLong() : v.getValue().asText());
        }
        keys.put(k.getKey(), values);
        // every ancestor of a key exists too
        for (int at = k.getKey().lastIndexOf('\\'); at > 0; at = k.getKey().lastIndexOf('\\', at - 1)) {
          keys.putIfAbsent(k.getKey().substring(0, at), new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        }
      }
      registry.put(hive.getKey().toUpperCase(Locale.ROOT), keys);
    }
    return new HostData(name, classes, instances, registry);
  }

  private static WmiClass buildClass(JsonNode c, Map<String, WmiClass> known) {
    WmiClass.Builder b = WmiClass.builder(text(c, "name"));
    if (c.has("superclass")) {
      WmiClass parent = known.get(key(c.get("superclass").asText()));
      if (parent == null) throw new IllegalArgumentException("superclass " + c.get("superclass").asText() + " comes later or not at all");
      b.superclass(parent);
    }
    if (c.path("abstract").asBoolean(false)) b.qualifier(Qualifier.flag("abstract", Qualifier.FLAVOR_NOT_OVERRIDABLE));
    b.qualifier(Qualifier.flag("dynamic", Qualifier.FLAVOR_TO_INSTANCE));
    for (JsonNode p : c.path("properties")) {
      CimType type = type(text(p, "type"));
      List<Qualifier> qs = new ArrayList<>();
      if (p.path("key").asBoolean(false)) qs.add(Qualifier.flag("key", Qualifier.FLAVOR_TO_INSTANCE | Qualifier.FLAVOR_TO_SUBCLASS | Qualifier.FLAVOR_NOT_OVERRIDABLE));
      CimValue def = p.has("default") ? value(type, p.get("default")) : CimValue.nullOf(type);
      b.property(text(p, "name"), type, def, qs.toArray(Qualifier[]::new));
    }
    WmiClass partial = b.build();
    for (Map.Entry<String, JsonNode> d : c.path("defaults").properties()) {
      b.defaultValue(d.getKey(), value(partial.property(d.getKey()).type(), d.getValue()));
    }
    for (JsonNode m : c.path("methods")) b.method(StdRegProv.method(m.asText()));
    return b.build();
  }

  private static WmiInstance instance(WmiClass cls, JsonNode values) {
    WmiInstance i = WmiInstance.of(cls);
    for (Map.Entry<String, JsonNode> f : values.properties()) {
      if (cls.property(f.getKey()) == null) {
        throw new IllegalArgumentException(cls.name() + " has no property " + f.getKey());
      }
      i = i.with(f.getKey(), value(cls.property(f.getKey()).type(), f.getValue()));
    }
    return i;
  }

  static CimValue value(CimType type, JsonNode v) {
    if (v == null || v.isNull()) return CimValue.nullOf(type);
    if (type.isArray()) {
      List<Object> items = new ArrayList<>();
      for (JsonNode e : v) items.add(scalar(type.elementType(), e));
      return CimValue.of(type, items);
    }
    return CimValue.of(type, scalar(type, v));
  }

  private static Object scalar(CimType type, JsonNode v) {
    return switch (type.base()) {
      case BOOLEAN -> v.asBoolean();
      case REAL32, REAL64 -> v.asDouble();
      case STRING, DATETIME, REFERENCE -> v.asText();
      case CHAR16 -> v.asText().charAt(0);
      case OBJECT -> throw new IllegalArgumentException("object values are not supported in host data");
      default -> v.isNumber() ? (Object) v.asLong() : v.asText();
    };
  }

  static CimType type(String name) {
    boolean array = name.endsWith("[]");
    String base = array ? name.substring(0, name.length() - 2) : name;
    for (CimBaseType t : CimBaseType.values()) {
      if (t.mofName().equalsIgnoreCase(base)) {
        CimType type = CimType.of(t);
        return array ? type.asArray() : type;
      }
    }
    throw new IllegalArgumentException("unknown CIM type " + name);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) throw new IllegalArgumentException("missing \"" + field + "\" in " + n);
    return v.asText();
  }

  private static String key(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * A namespace as clients write it ({@code //./root/cimv2}, {@code \\.\root\cimv2},
   * {@code \\HOST\ROOT\CIMV2}, {@code root\cimv2}) in the form the data uses: {@code root/cimv2}.
   */
  static String namespace(String given) {
    String s = given.replace('\\', '/');
    if (s.startsWith("//")) {
      int slash = s.indexOf('/', 2);
      s = slash < 0 ? "" : s.substring(slash + 1);
    }
    while (s.startsWith("/")) s = s.substring(1);
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return s.toLowerCase(Locale.ROOT);
  }

  boolean hasNamespace(String ns) {
    return classes.containsKey(namespace(ns));
  }

  WmiClass wmiClass(String ns, String name) {
    Map<String, WmiClass> inNs = classes.get(namespace(ns));
    return inNs == null ? null : inNs.get(key(name));
  }

  List<WmiInstance> instances(String ns, String className) {
    return instances.getOrDefault(namespace(ns), Map.of()).getOrDefault(key(className), List.of());
  }

  /** The values of a registry key, or null when it does not exist. */
  Map<String, Object> registryValues(String hive, String path) {
    TreeMap<String, Map<String, Object>> keys = registry.get(hive.toUpperCase(Locale.ROOT));
    return keys == null ? null : keys.get(trim(path));
  }

  /** The names of a key's direct subkeys, or null when the key does not exist. */
  List<String> registrySubkeys(String hive, String path) {
    TreeMap<String, Map<String, Object>> keys = registry.get(hive.toUpperCase(Locale.ROOT));
    String p = trim(path);
    if (keys == null || (!p.isEmpty() && !keys.containsKey(p))) return null;
    String prefix = p.isEmpty() ? "" : p + "\\";
    List<String> out = new ArrayList<>();
    for (String k : keys.tailMap(prefix, true).keySet()) {
      if (!k.regionMatches(true, 0, prefix, 0, prefix.length())) break;
      String rest = k.substring(prefix.length());
      if (!rest.isEmpty() && rest.indexOf('\\') < 0) out.add(rest);
    }
    return out;
  }

  private static String trim(String path) {
    String p = Objects.requireNonNull(path).replace('/', '\\');
    while (p.startsWith("\\")) p = p.substring(1);
    while (p.endsWith("\\")) p = p.substring(0, p.length() - 1);
    return p;
  }
}
