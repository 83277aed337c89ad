package org.otactive.store.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Method settings were stored as each method's own record (reverse DNS's {@code servers},
 * {@code labels}, {@code rate}, {@code inFlight}, {@code tries}); from V4 every method's are its
 * options as typed ({@code {"dns-server": ["…"], "rate": ["200"]}}), the form the method registry
 * reads for every method alike. This rewrites the rows stored in the old form; nothing else had one.
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public final class V4__method_settings_as_options extends BaseJavaMigration {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Old field -> option name. */
  private static final Map<String, String> OPTION = Map.of(
      "servers", "dns-server", "labels", "labels", "rate", "rate", "inFlight", "in-flight", "tries", "tries");

  @Override
  public void migrate(Context context) throws Exception {
    List<String[]> rewritten = new ArrayList<>();
    try (PreparedStatement ps = context.getConnection().prepareStatement("SELECT site, method, settings FROM method_setting");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        JsonNode old = JSON.readTree(rs.getString(3));
        if (!old.has("servers") || !old.has("inFlight")) continue; // already options
        ObjectNode options = JSON.createObjectNode();
        for (Map.Entry<String, String> e : OPTION.entrySet()) {
          JsonNode v = old.get(e.getKey());
          if (v == null) continue;
          var list = options.putArray(e.getValue());
          if (v.isArray()) v.forEach(x -> list.add(x.asText()));
          else if (e.getKey().equals("rate")) list.add(v.asDouble() == 0 ? "unlimited" : trim(v.asDouble()));
          else list.add(v.asText());
        }
        rewritten.add(new String[] {JSON.writeValueAsString(options), rs.getString(1), rs.getString(2)});
      }
    }
    try (PreparedStatement upd = context.getConnection().prepareStatement(
        "UPDATE method_setting SET settings = ? WHERE site = ? AND method = ?")) {
      for (String[] r : rewritten) {
        upd.setString(1, r[0]);
        upd.setString(2, r[1]);
        upd.setString(3, r[2]);
        upd.executeUpdate();
      }
    }
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
