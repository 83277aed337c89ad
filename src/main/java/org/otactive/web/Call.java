package org.otactive.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.otactive.common.BadInputException;
import org.otactive.supervise.Accounts;
import org.otactive.supervise.OneOffRuns;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;

/**
 * One request as an action sees it: who calls, through which channel, and the input, read the same
 * from a JSON object, a form or the query string. A missing or unreadable field is a {@link
 * FieldError} naming it.
 */
final class Call {
  private final Context ctx;
  private final Caller caller;
  private final Services services;
  private final JsonNode json;

  Call(Context ctx, Caller caller, Services services, JsonNode json) {
    this.ctx = ctx;
    this.caller = caller;
    this.services = services;
    this.json = json;
  }

  /** A bad value of one input field; the API names the field. */
  static final class FieldError extends BadInputException {
    final String field;

    FieldError(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  /** Reads a value from one field; bad input becomes a {@link FieldError} naming that field. */
  static <T> T parse(String field, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (FieldError e) {
      throw e;
    } catch (BadInputException e) {
      throw new FieldError(field, e.getMessage());
    }
  }

  /**
   * Refuses a JSON object with a key the route does not read: a misspelt optional field (an
   * "excludes" for "exclude") would otherwise be dropped without a word and the change made
   * without it. Forms are not checked (the console's carry their CSRF token and return page).
   */
  void onlyFields(java.util.Collection<String> known) {
    if (json == null) return;
    for (var it = json.fieldNames(); it.hasNext(); ) unknown("field", it.next(), known);
  }

  /**
   * Refuses a query parameter a GET route does not read, for the same reason: a misspelt filter
   * ({@code ?sit=plant}) answered with the whole unfiltered listing.
   */
  void onlyQueryParameters(java.util.Collection<String> known) {
    for (String key : ctx.queryParamMap().keySet()) unknown("query parameter", key, known);
  }

  private static void unknown(String what, String key, java.util.Collection<String> known) {
    if (known.contains(key)) return;
    String shown = org.otactive.common.Text.printable(key.length() > 60 ? key.substring(0, 60) + "..." : key);
    throw new FieldError(shown, "unknown " + what + ": '" + shown + "' ("
        + (known.isEmpty() ? "this route takes none" : "this route takes " + String.join(", ", known)) + ")");
  }

  Context ctx() {
    return ctx;
  }

  Caller caller() {
    return caller;
  }

  String actor() {
    return caller.name();
  }

  Services services() {
    return services;
  }

  /** The supervisor, recording the caller's channel. */
  Supervisor supervisor() {
    return services.supervisor().via(caller.channel());
  }

  /** Methods' setting tables, recording the caller's channel. */
  org.otactive.supervise.SettingTables tables() {
    return services.tables().via(caller.channel());
  }

  OneOffRuns oneOff() {
    return services.oneOff().via(caller.channel());
  }

  Accounts accounts() {
    return services.accounts().via(caller.channel());
  }

  String path(String name) {
    return ctx.pathParam(name);
  }

  long pathId(String name) {
    String v = ctx.pathParam(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new FieldError(name, "not a number: '" + org.otactive.common.Text.printable(v) + "'");
    }
  }

  /** A required text field. */
  String text(String name) {
    String v = optional(name);
    if (v == null || v.isBlank()) throw new FieldError(name, name + " is required");
    return v;
  }

  /** A text field, or null when absent (an empty form field counts as absent). */
  String optional(String name) {
    if (json != null) {
      JsonNode n = json.get(name);
      if (n == null || n.isNull()) return null;
      if (n.isContainerNode()) throw new FieldError(name, name + " must be a single value");
      return n.asText();
    }
    String v = ctx.formParam(name);
    if (v == null) v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** A list field: a JSON array (or one string), or the field repeated in a form; blank items dropped. */
  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    if (json != null) {
      JsonNode n = json.get(name);
      if (n == null || n.isNull()) return out;
      if (n.isArray()) n.forEach(x -> out.add(x.asText()));
      else out.add(n.asText());
    } else {
      out.addAll(ctx.formParams(name));
      if (out.isEmpty()) out.addAll(ctx.queryParams(name));
    }
    out.removeIf(String::isBlank);
    return out.stream().map(String::strip).toList();
  }

  /** Whether a list field was given at all (a JSON key or a form field, even empty). */
  boolean has(String name) {
    return json != null ? json.has(name) : !ctx.formParams(name).isEmpty() || !ctx.queryParams(name).isEmpty();
  }

  /**
   * A yes-or-no field: true, on or 1; false, off or 0; absent is false (an unticked checkbox).
   * Anything else is refused: {"on": "yes please"} to /monitoring used to switch monitoring off.
   */
  boolean flag(String name) {
    String v;
    if (json != null) {
      JsonNode n = json.get(name);
      if (n == null || n.isNull()) return false;
      if (n.isBoolean()) return n.asBoolean();
      if (n.isContainerNode()) throw new FieldError(name, name + " must be true or false");
      v = n.asText();
    } else {
      v = optional(name);
      if (v == null) return false;
    }
    return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "on", "1" -> true;
      case "false", "off", "0", "" -> false;
      default -> throw new FieldError(name, name + " must be true or false, not '"
          + org.otactive.common.Text.printable(v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'");
    };
  }

  /** An uploaded file's text (a form), or the field's text (JSON). */
  String file(String name, int maxBytes) {
    if (json != null) return text(name);
    UploadedFile f = ctx.uploadedFile(name);
    if (f == null) throw new FieldError(name, name + " is required (a file)");
    if (f.size() > maxBytes) throw new FieldError(name, f.filename() + " is larger than " + maxBytes / (1024 * 1024) + " MiB");
    try (InputStream in = f.content()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FieldError(name, "cannot read " + f.filename() + ": " + e.getMessage());
    }
  }

  /** The uploaded file's name, or the given default. */
  String fileName(String name, String otherwise) {
    if (json != null) return otherwise;
    UploadedFile f = ctx.uploadedFile(name);
    return f == null ? otherwise : f.filename();
  }
}
