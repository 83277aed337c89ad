package org.otactive.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same {@link Route} list that is
 * served: every path, its verb, summary, path parameters, input fields and the answers common to
 * all (400 naming the field, 401, 403, 409).
 */
final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{([a-z]+)}");

  private OpenApi() {}

  static Map<String, Object> document(List<Route> routes) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Route r : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("summary", r.summary());
      op.put("x-access", r.access().name().toLowerCase());
      List<Map<String, Object>> params = new ArrayList<>();
      Matcher m = PARAM.matcher(r.path());
      while (m.find()) {
        params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
      }
      if (r.verb() == Route.Verb.GET) {
        for (Route.Field f : r.fields()) {
          params.add(Map.of("name", f.name(), "in", "query", "required", f.required(), "description", f.description(),
              "schema", schema(f)));
        }
      } else if (!r.fields().isEmpty()) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Route.Field f : r.fields()) {
          Map<String, Object> s = new LinkedHashMap<>(schema(f));
          s.put("description", f.description());
          props.put(f.name(), s);
          if (f.required()) required.add(f.name());
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        if (!required.isEmpty()) schema.put("required", required);
        // JSON with a field the route does not take is refused (Call.onlyFields); a form also
        // carries the console's CSRF token.
        Map<String, Object> json = new LinkedHashMap<>(schema);
        if (!r.takesOptions()) json.put("additionalProperties", false);
        op.put("requestBody", Map.of("required", true, "content", Map.of(
            "application/json", Map.of("schema", json),
            "application/x-www-form-urlencoded", Map.of("schema", schema))));
      }
      if (!params.isEmpty()) op.put("parameters", params);
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put("200", Map.of("description", "done", "content", Map.of(
          r.path().endsWith(".csv") ? "text/csv" : "application/json", Map.of("schema", Map.of()))));
      responses.put("400", ref("bad input: the message names the value, field names the field"));
      responses.put("401", ref("no session and no token"));
      responses.put("403", ref("the user may not (or the CSRF token of a session is missing)"));
      if (r.path().contains("{")) responses.put("404", ref("the site, run, device, window or method in the path does not exist"));
      if (r.verb() == Route.Verb.POST) responses.put("409", ref("refused by supervision: monitoring off, site stopped, …"));
      op.put("responses", responses);
      item.put(r.verb().name().toLowerCase(), op);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "otactive", "version", "v1",
        "description", "Supervised active monitoring of OT networks. Every action the console offers."));
    doc.put("paths", paths);
    doc.put("components", Map.of(
        "schemas", Map.of("Error", Map.of("type", "object", "required", List.of("error"), "properties", Map.of(
            "error", Map.of("type", "string"), "field", Map.of("type", "string")))),
        "securitySchemes", Map.of(
            "token", Map.of("type", "http", "scheme", "bearer"),
            "session", Map.of("type", "apiKey", "in", "cookie", "name", Console.SESSION_COOKIE))));
    doc.put("security", List.of(Map.of("token", List.of()), Map.of("session", List.of())));
    return doc;
  }

  private static Map<String, Object> schema(Route.Field f) {
    return switch (f.type()) {
      case "array" -> Map.of("type", "array", "items", Map.of("type", "string"));
      case "file" -> Map.of("type", "string", "format", "binary");
      default -> Map.of("type", f.type());
    };
  }

  private static Map<String, Object> ref(String description) {
    return Map.of("description", description,
        "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
  }
}
