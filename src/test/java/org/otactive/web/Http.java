package org.otactive.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client of the console as a browser without JavaScript would be: a cookie jar, forms and JSON. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  private String token;

  record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String location() {
      return headers.firstValue("Location").orElse("");
    }
  }

  Http(URI base) {
    this.base = base;
    this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  Http withToken(String token) {
    this.token = token;
    return this;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  Answer form(String path, Map<String, ?> fields) throws IOException, InterruptedException {
    StringBuilder sb = new StringBuilder();
    for (var e : fields.entrySet()) {
      List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      for (Object v : values) {
        if (!sb.isEmpty()) sb.append('&');
        sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
      }
    }
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build());
  }

  Answer json(String path, Object body, String csrf) throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (csrf != null) b.header(Console.CSRF_HEADER, csrf);
    return send(b.build());
  }

  private Answer send(HttpRequest r) throws IOException, InterruptedException {
    HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
    return new Answer(resp.statusCode(), resp.body(), resp.headers());
  }

  /** Signs in through the login form; returns the answer of the POST. */
  Answer login(String name, String password) throws IOException, InterruptedException {
    String page = get("/login").body();
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    if (!m.find()) throw new AssertionError("no login form: " + page);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("csrf", m.group(1));
    f.put("name", name);
    f.put("password", password);
    return form("/login", f);
  }

  /** The CSRF token of the session, as a page carries it. */
  String csrf() throws IOException, InterruptedException {
    Answer a = get("/password");
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(a.body());
    if (!m.find()) throw new AssertionError("no CSRF token on the page (" + a.status() + " " + a.location() + ")");
    return m.group(1);
  }

  String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(java.net.HttpCookie::getValue)
        .findFirst().orElse(null);
  }
}
