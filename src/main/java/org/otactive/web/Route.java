package org.otactive.web;

import java.util.List;

/**
 * One endpoint of the REST API, which the console's forms post to as well: its verb and path, what
 * it does, who may call it, its input fields and the action. The OpenAPI document is generated from
 * the list of these, so it cannot drift from what is served.
 *
 * @param fields the input, from a JSON object or a form alike (path parameters are in the path)
 * @param fragment how an htmx request sees the result (null: a one-line message)
 */
record Route(Verb verb, String path, String summary, Access access, List<Field> fields, Action action,
    Fragment fragment) {
  enum Verb { GET, POST }

  /** Who may call a route, before the supervisor's own checks. */
  enum Access {
    /** Any signed-in user, viewers included; changes nothing. */
    READ,
    /** Changes supervision: the supervisor decides who may (viewers never). */
    WRITE,
    /** The caller's own password and tokens: any signed-in user, for themselves. */
    SELF
  }

  /** One input field. {@code type}: string, boolean, integer, array (of strings) or file. */
  record Field(String name, String type, boolean required, String description) {
    static Field text(String name, String description) {
      return new Field(name, "string", true, description);
    }

    static Field optional(String name, String description) {
      return new Field(name, "string", false, description);
    }

    static Field list(String name, String description) {
      return new Field(name, "array", false, description);
    }

    static Field flag(String name, String description) {
      return new Field(name, "boolean", false, description);
    }

    static Field reason() {
      return text("reason", "Why (recorded in the audit log).");
    }
  }

  /**
   * What a route does; returns what the API answers (a record or map as JSON, a {@link JsonArray},
   * a {@link Download}, or a {@link Done}).
   */
  interface Action {
    Object handle(Call call) throws Exception;

    /** For a page that shows a route's answer: checked exceptions become unchecked. */
    default Object handleUnchecked(Call call) {
      try {
        return handle(call);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A change that was made: the message a form shows, and what the API answers. */
  record Done(String message, Object result) {}

  /** A file to download. */
  record Download(String fileName, String contentType, byte[] body) {}

  /**
   * A JSON array written element by element as {@code each} hands them over, so a listing of any
   * size goes out in bounded memory (a /14's devices were 132 MB of JSON, built whole before).
   * What can be refused must be refused before this is returned: once writing began, the status
   * is sent.
   */
  record JsonArray(java.util.function.Consumer<java.util.function.Consumer<Object>> each) {}

  /** The HTML an htmx request receives for a route's result. */
  interface Fragment {
    Html.Node render(Call call, Object result);
  }

  /** The name of the field that stands for each of a method's options (the settings route). */
  static final String OPTIONS = "OPTION";

  /** Whether this route's fields are a method's options rather than a fixed list. */
  boolean takesOptions() {
    return fields.stream().anyMatch(f -> f.name().equals(OPTIONS));
  }

  Route withFragment(Fragment f) {
    return new Route(verb, path, summary, access, fields, action, f);
  }

  static Route get(String path, String summary, Action action, Field... fields) {
    return new Route(Verb.GET, path, summary, Access.READ, List.of(fields), action, null);
  }

  static Route post(String path, String summary, Action action, Field... fields) {
    return new Route(Verb.POST, path, summary, Access.WRITE, List.of(fields), action, null);
  }

  static Route self(String path, String summary, Action action, Field... fields) {
    return new Route(Verb.POST, path, summary, Access.SELF, List.of(fields), action, null);
  }
}
