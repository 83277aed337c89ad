/**
 * The console and the REST API: what an operator sees in a browser and what automation calls,
 * both on top of {@code supervise} and nothing below it.
 *
 * <h2>One list of actions</h2>
 *
 * <p>Every action is a {@link org.otactive.web.Route} in {@link org.otactive.web.Api}: a verb, a
 * path under {@code /api/v1/}, who may call it (read, write, or one's own password and tokens),
 * its input fields and one call of the {@link org.otactive.supervise.Supervisor}. The REST API
 * serves that list as JSON; the console's forms post to the same paths (form-encoded, with the
 * session's CSRF token) and come back to their page with a one-line message; the OpenAPI document
 * at {@code /api/openapi.json} is generated from the list. So a button in a page cannot do what the
 * API does not, and roles, validation and audit entries are the command line's: the supervisor
 * decides, the web only carries the caller's channel ({@code console} for pages and forms,
 * {@code api} for JSON and tokens) into the audit log.
 *
 * <h2>Who calls</h2>
 *
 * <p>A console session is a random cookie (HttpOnly, SameSite=Strict, Secure over TLS) whose
 * SHA-256 is stored with its CSRF token; it ends after 30 idle minutes, at sign-out, and when the
 * user's password changes (every other session of the user). Passwords are Argon2id (see {@code
 * access.PasswordHash}); failed sign-ins are limited per name and per address ({@link
 * org.otactive.web.LoginLimiter}). API tokens are shown once and stored as their SHA-256. Without
 * a session or token, pages send the browser to the sign-in and the API answers 401; the
 * supervisor's refusals answer 403 (may not), 409 (supervision refuses: monitoring off, site
 * stopped, …) and 400 naming the bad field.
 *
 * <h2>Pages</h2>
 *
 * <p>Server-rendered HTML built with {@link org.otactive.web.Html}, which escapes every text and
 * attribute by construction (a host name from the network is text, never markup), htmx from a
 * webjar for the Test dialog, the device search and the banner, its SSE extension for the live
 * progress of runs, and one small script for dialogs and "+" rows. The Content-Security-Policy
 * allows scripts and styles from the console only. A method's page is built from its descriptor:
 * its options as fields, and each {@link org.otactive.probe.OptionTable} it declares (reverse DNS's
 * servers) as a table with one input per column; no method is named here.
 */
package org.otactive.web;
