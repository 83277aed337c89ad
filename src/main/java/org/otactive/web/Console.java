package org.otactive.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.otactive.access.Channel;
import org.otactive.common.BadInputException;
import org.otactive.common.NotFoundException;
import org.otactive.common.Text;
import org.otactive.supervise.Accounts;
import org.otactive.supervise.Denied;
import org.otactive.supervise.Refused;
import org.otactive.supervise.Services;

/**
 * The console and the REST API of a running service: Javalin (Jetty 12) on virtual threads,
 * server-rendered HTML with htmx, on 127.0.0.1:8080 unless told otherwise, over TLS when asked.
 *
 * <p>Who calls: a console session (cookie: HttpOnly, SameSite=Strict, Secure over TLS; idle
 * timeout; a CSRF token checked on every POST) or an API token ({@code Authorization: Bearer}).
 * Without either, pages send the browser to the login and the API answers 401. Every action is a
 * {@link Route} whose work is one call of the supervisor of the caller's channel ({@code console}
 * for pages and forms, {@code api} for JSON and tokens), so roles, validation and audit are the
 * command line's. Bad input answers 400 naming the field, a denied action 403, a refusal by
 * supervision 409.
 */
public final class Console implements AutoCloseable {
  static final String SESSION_COOKIE = "otactive_session";
  static final String FLASH_COOKIE = "otactive_flash";
  static final String LOGIN_COOKIE = "otactive_login";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("--([a-z][a-z0-9-]*)");

  /**
   * Where and how the console listens.
   *
   * @param tls serve HTTPS: with {@code cert} and {@code key} (PEM files) when given, else a
   *     self-signed certificate made on first start and kept in {@code certDir}
   */
  public record Options(String bind, int port, boolean tls, Path cert, Path key, Path certDir) {
    public static Options plain(String bind, int port) {
      return new Options(bind, port, false, null, null, null);
    }
  }

  private final Javalin app;
  private final Options options;
  private final String certificateNote;

  private Console(Javalin app, Options options, String certificateNote) {
    this.app = app;
    this.options = options;
    this.certificateNote = certificateNote;
  }

  /** Starts the console on the service's parts; returns when it listens. */
  public static Console start(Services services, Options options) {
    if (options.cert() != null ^ options.key() != null) throw new BadInputException("--cert and --key go together");
    if (!options.tls() && options.cert() != null) throw new BadInputException("--cert and --key need --tls");
    if (options.port() < 0 || options.port() > 65535) throw new BadInputException("--port out of range: " + options.port());
    Certificates.Loaded tls = options.tls() ? Certificates.load(options.cert(), options.key(), options.certDir()) : null;
    LoginLimiter limiter = new LoginLimiter(services.supervisor().clock(), 5, 20, Duration.ofMinutes(15));
    Console[] self = new Console[1];
    Javalin app = Javalin.create(cfg -> {
      cfg.concurrency.useVirtualThreads = true;
      cfg.jsonMapper(new JavalinJackson(JSON, true));
      cfg.http.maxRequestSize = 16L * 1024 * 1024;
      cfg.startup.showJavalinBanner = false;
      cfg.staticFiles.add(s -> {
        s.hostedPath = "/static";
        s.directory = "/web";
        s.location = Location.CLASSPATH;
      });
      cfg.staticFiles.enableWebjars();
      if (tls == null) {
        cfg.jetty.host = options.bind();
        cfg.jetty.port = options.port();
      } else {
        cfg.jetty.addConnector((server, http) -> {
          SslContextFactory.Server ssl = new SslContextFactory.Server();
          ssl.setKeyStore(tls.keyStore());
          ssl.setKeyStorePassword(tls.password());
          http.addCustomizer(new SecureRequestCustomizer(false));
          ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
              new HttpConnectionFactory(http));
          c.setHost(options.bind());
          c.setPort(options.port());
          return c;
        });
      }
      Web web = new Web(services, limiter, tls != null);
      web.register(cfg.routes);
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new BadInputException("the console cannot listen on " + options.bind() + ":" + options.port() + ": "
          + Text.firstLine(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
    self[0] = new Console(app, options, tls == null ? null : tls.note());
    return self[0];
  }

  public int port() {
    return app.port();
  }

  public URI url() {
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    return URI.create((options.tls() ? "https" : "http") + "://" + host + ":" + port() + "/");
  }

  /** What the certificate is (self-signed and where, or given), or null without TLS. */
  public String certificateNote() {
    return certificateNote;
  }

  @Override
  public void close() {
    app.stop();
  }

  /** The request handling: who calls, CSRF, errors, and the routes and pages. */
  static final class Web {
    private final Services services;
    private final LoginLimiter limiter;
    private final boolean secure;

    Web(Services services, LoginLimiter limiter, boolean secure) {
      this.services = services;
      this.limiter = limiter;
      this.secure = secure;
    }

    void register(io.javalin.config.RoutesConfig routes) {
      routes.before(ctx -> {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        ctx.header("Cache-Control", "no-store");
      });
      for (Route r : Api.routes()) {
        routes.addHttpHandler(r.verb() == Route.Verb.GET ? HandlerType.GET : HandlerType.POST,
            r.path(), ctx -> handle(ctx, r));
      }
      List<Route> all = Api.routes();
      routes.get("/api/openapi.json", ctx -> ctx.json(OpenApi.document(all)));
      Pages pages = new Pages(this);
      pages.register(routes);
      routes.exception(Exception.class, (e, ctx) -> {
        ctx.status(500);
        ctx.json(java.util.Map.of("error", "internal error: " + Text.firstLine(e.toString())));
      });
    }

    Services services() {
      return services;
    }

    LoginLimiter limiter() {
      return limiter;
    }

    boolean secure() {
      return secure;
    }

    /** The caller of a request: a live session (cookie) or a token; empty when neither. */
    Optional<Caller> caller(Context ctx) {
      String auth = ctx.header("Authorization");
      if (auth != null && auth.startsWith("Bearer ")) {
        return services.accounts().tokenUser(auth.substring(7).strip()).map(u -> new Caller(u, Channel.API, null));
      }
      Optional<Accounts.Session> s = services.accounts().session(ctx.cookie(SESSION_COOKIE));
      if (s.isEmpty()) return Optional.empty();
      boolean page = isForm(ctx) || ctx.header("HX-Request") != null || ctx.method() == HandlerType.GET
          && !ctx.path().startsWith(Api.V1);
      return Optional.of(new Caller(s.get().user(), page ? Channel.CONSOLE : Channel.API, s.get()));
    }

    static boolean isForm(Context ctx) {
      String type = ctx.contentType();
      return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    static boolean isHtmx(Context ctx) {
      return ctx.header("HX-Request") != null;
    }

    /** Whether the CSRF token of a session's POST matches (a form field or a header). */
    static boolean csrfOk(Context ctx, Caller c) {
      if (c.session() == null) return true; // a token: no cookie a foreign page could ride on
      String given = ctx.header(CSRF_HEADER);
      if (given == null && isForm(ctx)) given = ctx.formParam("csrf");
      return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
          c.session().csrf().getBytes(StandardCharsets.UTF_8));
    }

    private void handle(Context ctx, Route r) throws Exception {
      Optional<Caller> who = caller(ctx);
      if (who.isEmpty()) {
        if (isForm(ctx) || isHtmx(ctx)) {
          ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
        } else {
          ctx.status(401).json(error("sign in, or send an API token (Authorization: Bearer ...)", null));
        }
        return;
      }
      Caller c = who.get();
      if (r.verb() == Route.Verb.POST && !csrfOk(ctx, c)) {
        fail(ctx, 403, "the form's CSRF token is missing or wrong (reload the page)", null);
        return;
      }
      if (c.session() != null && c.session().mustChangePassword() && !r.path().equals(Api.V1 + "/me/password")) {
        fail(ctx, 403, "change the one-time password first", null);
        return;
      }
      Object out;
      try {
        JsonNode json = !isForm(ctx) && r.verb() == Route.Verb.POST && !ctx.body().isBlank() ? readJson(ctx) : null;
        Call call = new Call(ctx, c, services, json);
        // A method's settings route takes the method's options as fields; Api.settings checks those.
        List<String> fields = r.fields().stream().map(Route.Field::name).toList();
        if (r.verb() == Route.Verb.GET) call.onlyQueryParameters(fields);
        else if (!r.takesOptions()) call.onlyFields(fields);
        out = r.action().handle(call);
      } catch (Call.FieldError e) {
        fail(ctx, 400, e.getMessage(), e.field);
        return;
      } catch (NotFoundException e) {
        fail(ctx, 404, e.getMessage(), null);
        return;
      } catch (BadInputException e) {
        fail(ctx, 400, e.getMessage(), fieldOf(e.getMessage()));
        return;
      } catch (Denied e) {
        fail(ctx, 403, e.getMessage(), null);
        return;
      } catch (Refused e) {
        fail(ctx, 409, e.getMessage(), null);
        return;
      }
      respond(ctx, r, c, out);
    }

    private static JsonNode readJson(Context ctx) {
      try {
        JsonNode n = JSON.readTree(ctx.body());
        if (!n.isObject()) throw new Call.FieldError("body", "the body must be a JSON object");
        return n;
      } catch (java.io.IOException e) {
        throw new Call.FieldError("body", "the body is not JSON: " + Text.firstLine(e.getMessage()));
      }
    }

    private void respond(Context ctx, Route r, Caller c, Object out) {
      if (out instanceof Route.Download d) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + d.fileName().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        ctx.contentType(d.contentType() + "; charset=utf-8");
        ctx.result(d.body());
        return;
      }
      if (isHtmx(ctx)) {
        Html.Node n = r.fragment() != null ? r.fragment().render(null, out)
            : Html.el("p", Html.cls("flash ok"), out instanceof Route.Done d ? d.message() : "done");
        ctx.html(n.render());
        return;
      }
      if (isForm(ctx)) {
        flash(ctx, true, out instanceof Route.Done d ? d.message() : "done");
        ctx.redirect(back(ctx), io.javalin.http.HttpStatus.SEE_OTHER);
        return;
      }
      if (out instanceof Route.JsonArray a) {
        ctx.contentType(io.javalin.http.ContentType.APPLICATION_JSON);
        try (com.fasterxml.jackson.databind.SequenceWriter w = JSON.writer().writeValuesAsArray(ctx.outputStream())) {
          a.each().accept(v -> {
            try {
              w.write(v);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e); // the client went away: stop reading
            }
          });
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return;
      }
      ctx.json(out instanceof Route.Done d ? d.result() : out);
    }

    private void fail(Context ctx, int status, String message, String field) {
      String line = Text.firstLine(message);
      if (isHtmx(ctx)) {
        ctx.status(200).html(Html.el("p", Html.cls("flash error"), line).render());
      } else if (isForm(ctx)) {
        flash(ctx, false, line);
        ctx.redirect(back(ctx), io.javalin.http.HttpStatus.SEE_OTHER);
      } else {
        ctx.status(status).json(error(line, field));
      }
    }

    static java.util.Map<String, Object> error(String message, String field) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("error", message);
      if (field != null) m.put("field", field);
      return m;
    }

    /** The field a supervisor's message names ({@code --labels out of range …} names {@code labels}). */
    static String fieldOf(String message) {
      if (message == null) return null;
      if (message.startsWith("a reason is required")) return "reason";
      Matcher m = OPTION_IN_MESSAGE.matcher(message);
      return m.find() ? m.group(1) : null;
    }

    /** Where a form goes back to: its {@code back} field when it is a path of this console, else home. */
    static String back(Context ctx) {
      String b = ctx.formParam("back");
      return b != null && b.startsWith("/") && !b.startsWith("//") && !b.contains("\\") ? b : "/";
    }

    void flash(Context ctx, boolean ok, String message) {
      String v = URLEncoder.encode((ok ? "ok:" : "error:") + message, StandardCharsets.UTF_8);
      ctx.cookie(new Cookie(FLASH_COOKIE, v, "/", -1, secure, true, null, SameSite.STRICT));
    }

    /** The message a form left for the next page, once. */
    Optional<String[]> takeFlash(Context ctx) {
      String v = ctx.cookie(FLASH_COOKIE);
      if (v == null) return Optional.empty();
      ctx.cookie(new Cookie(FLASH_COOKIE, "", "/", 0, secure, true, null, SameSite.STRICT));
      String text = URLDecoder.decode(v, StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(new String[] {text.substring(0, colon), text.substring(colon + 1)});
    }

    void setSession(Context ctx, String value, int maxAge) {
      ctx.cookie(new Cookie(SESSION_COOKIE, value, "/", maxAge, secure, true, null, SameSite.STRICT));
    }
  }
}
